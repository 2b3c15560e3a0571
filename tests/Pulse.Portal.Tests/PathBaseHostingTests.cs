using System.Net;
using Microsoft.Playwright;
using Pulse.Portal.Endpoints;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>A second portal host served under <c>/pulse</c> (Pulse:PathBase), as behind a reverse proxy on a sub-path.</summary>
public sealed class PathBasePortalFixture : PortalServerFixture
{
    protected override string PathBase => "/pulse";
}

/// <summary>Its own collection, so running these tests alone does not also start the root-hosted portal.</summary>
[CollectionDefinition(Name)]
public sealed class PathBaseCollection : ICollectionFixture<PathBasePortalFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Portal under a path base";
}

/// <summary>
/// Sub-path hosting: sign-in, the menu, the Blazor connection and sign-out all stay under the prefix, and nothing is
/// served outside it.
/// </summary>
[Collection(PathBaseCollection.Name)]
public sealed class PathBaseHostingTests(PathBasePortalFixture portal, BrowserFixture browser)
{
    [Fact]
    public async Task Sign_in_menu_navigation_and_sign_out_stay_under_the_path_base()
    {
        Assert.EndsWith("/pulse/", portal.BaseAddress.ToString());
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url) is { } uri && uri.Authority == portal.BaseAddress.Authority && !uri.AbsolutePath.StartsWith("/pulse/", StringComparison.Ordinal))
                outside.Add(request.Url);
        };

        // An anonymous visit to a page goes to the sign-in page under the prefix, and back to that page after it.
        await page.GotoAsync("collections");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/pulse/account/login\\?returnUrl=%2F(pulse%2F)?collections$", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        await page.FillSignInFormAsync(DemoUsers.PlatformAdmin.Email, portal.DemoPassword);
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, "collections").ToString());
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Collections);

        await page.GetByRole(AriaRole.Link, new() { Name = "Pulse AI Admin" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(portal.BaseAddress.ToString());
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Dashboard);
        await page.WaitForInteractiveAsync();

        var navigation = page.Navigation();
        foreach (var title in new[] { DemoUsers.Preferences, DemoUsers.Usage })
        {
            await navigation.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, DemoUsers.Routes[title].TrimStart('/')).ToString());
            await Expect(page.MainHeading()).ToHaveTextAsync(title);
        }

        // The tenant switch posts to a form endpoint and comes back to the same page under the prefix.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Tenant" }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, "usage").ToString());

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(portal.BaseAddress, "account/login").ToString());
        await Expect(page.MainHeading()).ToHaveTextAsync("Sign in");

        var cookies = await context.CookiesAsync();
        Assert.All(cookies, c => Assert.Equal("/pulse", c.Path));
        Assert.Empty(outside);
    }

    [Fact]
    public async Task Only_the_prefix_is_served_and_the_probes_answer_under_it()
    {
        using var root = new HttpClient { BaseAddress = portal.ServerAddress };
        foreach (var path in new[] { "", "healthz", "account/login", "metrics" })
        {
            using var response = await root.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"/{path}: {(int)response.StatusCode}");
        }

        using var client = portal.CreateClient();
        using (var health = await client.GetAsync("healthz")) Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using (var ready = await client.GetAsync("readyz")) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // The cookie handler's challenge keeps the prefix, and the page's <base href> is the prefix.
        using (var challenge = await client.GetAsync("collections"))
        {
            Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
            Assert.Equal("/pulse/account/login", challenge.Headers.Location!.AbsolutePath);
        }
        var login = await client.GetStringAsync("account/login");
        Assert.Contains("<base href=\"/pulse/\" />", login);
    }

    [Theory]
    [InlineData("/pulse/collections", "/collections")]
    [InlineData("/pulse", "/")]
    [InlineData("/pulse?x=1", "/?x=1")]
    [InlineData("/collections", "/collections")]
    [InlineData("/pulse//evil.example", "/")]
    [InlineData("/pulse/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/pulsefoo", "/pulsefoo")]
    public void Return_urls_become_app_relative_so_the_prefix_is_added_exactly_once(string returnUrl, string expected) =>
        Assert.Equal(expected, AccountEndpoints.SafeReturnUrl(returnUrl, "/pulse"));
}
