using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests;

/// <summary>The portal over plain HTTP, no browser: health endpoints, the Blazor script, redirects.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class HttpEndpointTests(PortalServerFixture portal)
{
    [Fact]
    public async Task Healthz_answers_200_ok()
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync("healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_answers_200_with_json_status_healthy()
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync("readyz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Blazor_script_is_served_from_the_build_workaround()
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync("_framework/blazor.web.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var script = await response.Content.ReadAsStringAsync();
        Assert.True(script.Length > 10_000, $"blazor.web.js is only {script.Length} characters");
        Assert.Contains("Blazor", script);
    }

    [Fact]
    public async Task Anonymous_request_to_the_dashboard_redirects_to_the_sign_in_page()
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync("");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location : new Uri(portal.BaseAddress, location);
        Assert.Equal(portal.BaseAddress.Authority, target.Authority);
        Assert.Equal("/account/login", target.AbsolutePath);
    }

    [Fact]
    public async Task Sign_in_with_an_absolute_return_url_lands_on_the_dashboard_not_the_other_site()
    {
        var cookies = new CookieContainer();
        using var client = portal.CreateClient(cookies: cookies);
        const string loginUrl = "account/login?returnUrl=https%3A%2F%2Fevil.example";
        var form = await client.GetStringAsync(loginUrl);
        var fields = HiddenInput().Matches(form).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        Assert.Contains("__RequestVerificationToken", fields.Keys);
        fields["Input.Email"] = DemoUsers.AcmeAnalyst.Email;
        fields["Input.Password"] = portal.DemoPassword;

        using var response = await client.PostAsync(loginUrl, new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location : new Uri(portal.BaseAddress, location);
        Assert.Equal(new Uri(portal.BaseAddress, "/"), target);
        Assert.Contains(cookies.GetCookies(portal.BaseAddress), c => c.Name == "pulse.auth");
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
