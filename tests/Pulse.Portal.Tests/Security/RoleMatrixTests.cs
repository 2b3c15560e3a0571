using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Pulse.Portal.Infrastructure;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests.Security;

/// <summary>
/// Every page against every role over plain HTTP (the server's answer, whatever the navigation shows): exactly the
/// pages DESIGN.md's table allows open, every other one is refused. The expected sets are written out by hand in
/// <see cref="DemoUsers"/>; the page list comes from the portal's route table and its components, so a new page
/// without an expectation fails here.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class RoleMatrixTests(PortalServerFixture portal)
{
    /// <summary>Routable components that are not pages of the role table, and why.</summary>
    private static readonly Dictionary<string, string> NonPageRoutes = new()
    {
        ["/account/login"] = "anonymous sign-in",
        ["/access-denied"] = "shown to any signed-in user refused a page",
        ["/not-found"] = "anonymous",
        ["/error"] = "anonymous error page",
    };

    [Fact]
    public void Every_routable_component_is_a_page_of_the_role_table_or_a_declared_exception_and_every_page_has_expectations()
    {
        var pageRoutes = PortalPages.All.Select(p => p.Route).ToHashSet();
        foreach (var route in RoutableComponents())
        {
            var owner = pageRoutes.Contains(route) ? route : pageRoutes.Where(r => r != "/" && route.StartsWith(r + "/", StringComparison.Ordinal)).MaxBy(r => r.Length);
            Assert.True(owner is not null || NonPageRoutes.ContainsKey(route),
                $"{route} is neither a page in PortalPages, below one, nor a declared non-page route: add it to the role table or to {nameof(NonPageRoutes)} with a reason.");
        }
        Assert.Equal(pageRoutes.Order(), DemoUsers.Routes.Values.Order());
    }

    public static TheoryData<string, string> Matrix()
    {
        var data = new TheoryData<string, string>();
        foreach (var user in DemoUsers.All)
            foreach (var route in DemoUsers.Routes.Values)
                data.Add(user.Email, route);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_role_opens_exactly_its_pages_and_is_refused_the_others(string email, string route)
    {
        var user = DemoUsers.ByEmail(email);
        var title = DemoUsers.Routes.Single(r => r.Value == route).Key;
        var allowed = user.Pages.Contains(title);
        using var client = await SignedInClientAsync(email);

        using var response = await client.GetAsync(route.TrimStart('/'));
        var body = await response.Content.ReadAsStringAsync();

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("<h1>Access denied</h1>", body);
        }
        else
        {
            var refused = response.StatusCode is HttpStatusCode.Forbidden
                || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("access-denied", StringComparison.Ordinal))
                || body.Contains("<h1>Access denied</h1>", StringComparison.Ordinal);
            Assert.True(refused, $"{email} should be refused {route}, got {(int)response.StatusCode}");
        }
    }

    private static IEnumerable<string> RoutableComponents() =>
        typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => "/" + Regex.Replace(r.Template.Trim('/'), "\\{[^}]+\\}", "{}").TrimEnd('/'))
            .Select(r => r.Length > 1 ? r.TrimEnd('/') : r)
            .Distinct();

    private async Task<HttpClient> SignedInClientAsync(string email)
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

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();
}
