using System.Net;
using Microsoft.Playwright;
using Pulse.Portal.Infrastructure;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests;

/// <summary>Security headers and cookie flags on the running portal, and a Content-Security-Policy that no page violates.</summary>
[Collection(PortalCollection.Name)]
public sealed class SecurityHeaderTests(PortalServerFixture portal, BrowserFixture browser)
{
    [Theory]
    [InlineData("account/login")]
    [InlineData("healthz")]
    [InlineData("")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = portal.CreateClient();
        using var response = await client.GetAsync(path);

        Assert.Equal(SecurityHeadersMiddleware.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", SecurityHeadersMiddleware.ContentSecurityPolicy);
        Assert.DoesNotContain("'unsafe-inline'", SecurityHeadersMiddleware.ContentSecurityPolicy.Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_sign_in_cookie_is_http_only_and_same_site_and_the_form_needs_its_antiforgery_token()
    {
        var cookies = new CookieContainer();
        using var client = portal.CreateClient(cookies: cookies);
        var form = await client.GetStringAsync("account/login");
        Assert.Contains("__RequestVerificationToken", form);

        // A forged post without the token is refused before any password is checked.
        using var forged = await client.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = "admin@pulse.local", ["Input.Password"] = portal.DemoPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var set) && set.Any(c => c.StartsWith("pulse.auth=", StringComparison.Ordinal)));

        var signedIn = await SignInAsync(client, form);
        var auth = signedIn.Single(c => c.StartsWith("pulse.auth=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("httponly", auth);
        Assert.Contains("samesite=lax", auth);
    }

    [Fact]
    public async Task No_page_breaks_the_content_security_policy()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Add($"{page.Url}: {message.Text}");
        };
        await page.SignInAsync(DemoUsers.PlatformAdmin.Email, portal.DemoPassword);
        foreach (var route in PortalPages.All.Select(p => p.Route))
        {
            await page.GotoAsync(route.TrimStart('/'));
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Microsoft.Playwright.Assertions.Expect(page.MainHeading()).ToBeVisibleAsync();
        }

        Assert.Empty(violations);
    }

    private async Task<IEnumerable<string>> SignInAsync(HttpClient client, string form)
    {
        var fields = System.Text.RegularExpressions.Regex.Matches(form, "<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")
            .ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["Input.Email"] = DemoUsers.PlatformAdmin.Email;
        fields["Input.Password"] = portal.DemoPassword;
        using var response = await client.PostAsync("account/login", new FormUrlEncodedContent(fields));
        return response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.ToList() : [];
    }
}
