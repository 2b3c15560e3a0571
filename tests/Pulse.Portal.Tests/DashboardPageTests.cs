using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>
/// The dashboard in Chromium against the seeded demo: every role sees the cards its role may open, each card links to
/// its page, and the month-to-date spend is the usage page's figure.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class DashboardPageTests(PortalServerFixture portal, BrowserFixture browser)
{
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 20_000 };

    [Fact]
    public async Task A_tenant_owner_sees_spend_today_alerts_and_health_and_the_spend_is_the_usage_pages_figure()
    {
        Directory.CreateDirectory(ScreenshotTests.Folder);
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOwner.Email, portal.DemoPassword);
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Dashboard);

        var spend = page.Locator("#dash-spend");
        await Expect(spend.Locator(".dash-value")).ToHaveTextAsync(new Regex(@"^\$[0-9,]+\.[0-9]{4}$"));
        await Expect(spend).ToContainTextAsync("Projected month end");
        await Expect(page.Locator("#dash-today")).ToContainTextAsync("failed");
        await Expect(page.Locator("#dash-today")).ToContainTextAsync("served by a fallback");
        // Health arrives after the figures (it may probe the vector store): the demo's collection of this tenant.
        await Expect(page.Locator("#dash-collections")).ToContainTextAsync(new Regex(@"[0-9]+ collections?"), Slow);
        await Expect(page.Locator("#dash-integrations")).ToContainTextAsync(new Regex(@"[0-9]+ active AI providers?|No AI integrations"), Slow);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Open alerts" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your recent searches" })).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(1280, 1200);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "dashboard-cards-acme-owner.png"), FullPage = true });

        var figure = await spend.Locator(".dash-value").InnerTextAsync();
        await spend.GetByRole(AriaRole.Link, new() { Name = "Open Usage and cost" }).ClickAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Usage);
        await Expect(page.Locator("#usage-budget")).ToContainTextAsync($"Spent {figure}", Slow);

        await page.GotoAsync("");
        await page.Locator("#dash-collections").GetByRole(AriaRole.Link, new() { Name = "Open Collections" }).ClickAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Collections);
        await page.GotoAsync("");
        await page.Locator("#dash-integrations").GetByRole(AriaRole.Link, new() { Name = "Open Integrations" }).ClickAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Integrations);
    }

    [Fact]
    public async Task An_analyst_sees_no_alerts_or_integration_health_and_reruns_a_recent_search_from_the_dashboard()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeAnalyst.Email, portal.DemoPassword);
        // A shared link runs its search once the circuit is live, and the run lands in the analyst's history.
        await page.GotoAsync("search?q=dashboard%20recent%20baptism&collection=client_1_content");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Search results" })).ToContainTextAsync("Baptism", Slow);

        await page.GotoAsync("");
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Dashboard);
        var searches = page.Locator("#dash-searches");
        var entry = searches.GetByRole(AriaRole.Link, new() { Name = "Run again: dashboard recent baptism in client_1_content" });
        await Expect(entry).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("#dash-spend")).ToContainTextAsync("Projected month end");
        // The analyst may read the budget on the preferences page, but not open the usage page, alerts or integrations.
        await Expect(page.Locator("#dash-spend").GetByRole(AriaRole.Link)).ToHaveTextAsync(new Regex("Open AI preferences and budget"));
        await Expect(page.Locator("#dash-collections")).ToContainTextAsync(new Regex(@"[0-9]+ collections?"), Slow);
        await Expect(page.Locator("#dash-alerts")).ToHaveCountAsync(0);
        await Expect(page.Locator("#dash-integrations")).ToHaveCountAsync(0);
        await Expect(page.Locator("#dash-today").GetByRole(AriaRole.Link)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open Usage and cost" })).ToHaveCountAsync(0);

        await entry.ClickAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Search);
        await Expect(page.GetByLabel("Query", new() { Exact = true })).ToHaveValueAsync("dashboard recent baptism");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Search results" })).ToContainTextAsync("Baptism", Slow);
    }

    [Fact]
    public async Task Ops_sees_integration_health_linked_to_operations_and_no_searches_or_alerts()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOps.Email, portal.DemoPassword);
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Dashboard);

        await Expect(page.Locator("#dash-integrations")).ToContainTextAsync(new Regex(@"[0-9]+ active AI providers?|No AI integrations"), Slow);
        await Expect(page.Locator("#dash-searches")).ToHaveCountAsync(0);
        await Expect(page.Locator("#dash-alerts")).ToHaveCountAsync(0);
        await page.Locator("#dash-today").GetByRole(AriaRole.Link, new() { Name = "Open Operations" }).ClickAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Operations);
        await page.GotoAsync("");
        await page.Locator("#dash-data").GetByRole(AriaRole.Link, new() { Name = "Open Indexing" }).ClickAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Indexing);
    }

    [Fact]
    public async Task A_platform_admin_without_a_tenant_sees_every_tenants_spend_and_health()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.PlatformAdmin.Email, portal.DemoPassword);
        await Expect(page.Locator(".lead")).ToHaveTextAsync(new Regex(@"^All tenants \([0-9]+\)$"));

        await Expect(page.Locator("#dash-spend")).ToContainTextAsync("budgets are per tenant");
        // Both demo tenants own a collection; the admin's summary counts them all.
        await Expect(page.Locator("#dash-collections")).ToContainTextAsync(new Regex(@"([2-9]|[1-9][0-9]+) collections"), Slow);
        await Expect(page.Locator("#dash-integrations").GetByRole(AriaRole.Link)).ToHaveTextAsync(new Regex("Open Operations"));
        await Expect(page.Locator("#dash-searches")).ToContainTextAsync("Pick a tenant");
    }
}
