using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests;

/// <summary>The usage CSV downloads over real HTTP: signed-in roles only, one tenant's rows only, whatever the query string says.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class UsageExportTests(PortalServerFixture portal)
{
    private static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string DaysAgo(int days) => DateTime.UtcNow.AddDays(-days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = portal.CreateClient(cookies: new CookieContainer());
        var form = await client.GetStringAsync("account/login");
        var fields = HiddenInput().Matches(form).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = email;
        fields["Input.Password"] = portal.DemoPassword;
        using var response = await client.PostAsync("account/login", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    private async Task<int> TenantIdAsync(string slug)
    {
        await using var command = portal.Services.GetRequiredService<PulseDatabase>().Primary.CreateCommand("SELECT id FROM tenants WHERE slug = @s");
        command.Parameters.AddWithValue("s", slug);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static List<string[]> Rows(string csv) =>
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split(',')).ToList();

    [Fact]
    public async Task A_tenant_owner_downloads_only_their_tenants_raw_rows_even_with_forged_tenant_parameters()
    {
        using var acme = await SignedInAsync(DemoUsers.AcmeOwner.Email);
        var globexId = await TenantIdAsync("globex");
        var range = $"from={DaysAgo(89)}&to={Today}";

        using var response = await acme.GetAsync($"usage/export/raw.csv?{range}&tenant_id={globexId}&tenantId={globexId}&TenantId={globexId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString());
        var rows = Rows(await response.Content.ReadAsStringAsync());
        Assert.True(rows.Count > 1000, $"only {rows.Count} rows");
        Assert.All(rows, r => Assert.Equal("Acme Analytics", r[3]));

        using var forged = await acme.GetAsync($"usage/export/raw.csv?{range}&tenant={globexId}");
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.DoesNotContain("Globex", await forged.Content.ReadAsStringAsync());

        using var globex = await SignedInAsync(DemoUsers.GlobexOwner.Email);
        var globexRows = Rows(await globex.GetStringAsync($"usage/export/raw.csv?{range}"));
        Assert.NotEmpty(globexRows);
        Assert.All(globexRows, r => Assert.Equal("Globex Engineering", r[3]));
    }

    [Fact]
    public async Task The_aggregated_download_adds_up_to_the_raw_rows_of_the_same_range()
    {
        using var acme = await SignedInAsync(DemoUsers.AcmeOwner.Email);
        var range = $"from={DaysAgo(29)}&to={Today}";

        var aggregated = Rows(await acme.GetStringAsync($"usage/export/aggregated.csv?{range}&granularity=week&breakdown=model"));
        var raw = Rows(await acme.GetStringAsync($"usage/export/raw.csv?{range}"));

        var totals = aggregated.Where(r => r[0] == "total").ToList();
        Assert.Equal(raw.Select(r => r[8]).Distinct().Count(), totals.Count);
        Assert.Equal(raw.Sum(r => decimal.Parse(r[14], CultureInfo.InvariantCulture)), totals.Sum(r => decimal.Parse(r[10], CultureInfo.InvariantCulture)));
        Assert.Equal(raw.Count, totals.Sum(r => long.Parse(r[3], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Analysts_and_anonymous_visitors_cannot_download_usage_and_bad_dates_get_a_clear_400()
    {
        using var anonymous = portal.CreateClient();
        using var anonymousResponse = await anonymous.GetAsync($"usage/export/raw.csv?from={Today}&to={Today}");
        Assert.Equal(HttpStatusCode.Redirect, anonymousResponse.StatusCode);
        Assert.Contains("/account/login", anonymousResponse.Headers.Location!.ToString());

        using var analyst = await SignedInAsync(DemoUsers.AcmeAnalyst.Email);
        using var analystResponse = await analyst.GetAsync($"usage/export/raw.csv?from={Today}&to={Today}");
        Assert.NotEqual(HttpStatusCode.OK, analystResponse.StatusCode);
        Assert.DoesNotContain("Acme Analytics", await analystResponse.Content.ReadAsStringAsync());

        using var owner = await SignedInAsync(DemoUsers.AcmeOwner.Email);
        using var bad = await owner.GetAsync("usage/export/raw.csv?from=yesterday&to=today");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("yyyy-MM-dd", await bad.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
