using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.Usage.Alerts;
using Pulse.Core.Usage.Budget;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>The usage page in Chromium: charts render from the demo history, table views toggle, range and breakdown change them.</summary>
[Collection(PortalCollection.Name)]
public sealed class UsagePageTests(PortalServerFixture portal, BrowserFixture browser)
{
    [Fact]
    public async Task A_tenant_owner_sees_the_charts_switches_to_table_view_and_changes_range_and_breakdown()
    {
        Directory.CreateDirectory(ScreenshotTests.Folder);
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOwner.Email, portal.DemoPassword);
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = DemoUsers.Usage }).ClickAsync();

        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Usage);
        var spend = page.Locator("#usage-spend");
        // The first chart waits for the circuit, the query and Radzen's measuring script: allow a slow shared machine.
        await Expect(spend.Locator("svg path").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(page.Locator("#usage-models svg path").First).ToBeVisibleAsync();
        await Expect(page.Locator("#usage-budget")).ToContainTextAsync("projected");
        // The layout scrolls inside its main area, so a full-page capture needs a tall window.
        await page.SetViewportSizeAsync(1280, 2300);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "usage-acme-owner.png"), FullPage = true });

        await spend.GetByRole(AriaRole.Button, new() { Name = "Show table: Spend by provider" }).ClickAsync();
        var table = spend.Locator("table");
        await Expect(table.Locator("caption")).ToHaveTextAsync("Spend per period by provider, US dollars");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(30);
        await Expect(table.Locator("thead")).ToContainTextAsync("openai");

        await page.GetByLabel("Date range").SelectOptionAsync("last7");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(7);
        await page.GetByLabel("Break down by").SelectOptionAsync("Model");
        await Expect(page.Locator("#usage-spend h2")).ToHaveTextAsync("Spend by model");
        await Expect(spend.Locator("thead")).ToContainTextAsync("gpt-4o");

        await spend.GetByRole(AriaRole.Button, new() { Name = "Show chart: Spend by model" }).ClickAsync();
        await Expect(spend.Locator("table")).ToHaveCountAsync(0);
        await Expect(spend.Locator("svg path").First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "usage-acme-owner-7-days-by-model.png"), FullPage = true });
    }

    [Fact]
    public async Task A_platform_admin_sees_every_tenant_broken_down_by_tenant()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.PlatformAdmin.Email, portal.DemoPassword);
        await page.GotoAsync("usage");
        await page.SetViewportSizeAsync(1280, 2300);

        await Expect(page.Locator("#usage-spend h2")).ToHaveTextAsync("Spend by tenant", new() { Timeout = 20_000 });
        await Expect(page.Locator("#usage-top table")).ToContainTextAsync("Acme Analytics");
        await Expect(page.Locator("#usage-top table")).ToContainTextAsync("Globex Engineering");
        await Expect(page.Locator("#usage-budget")).ToContainTextAsync("Pick a tenant");
        await Expect(page.Locator("#usage-models svg path").First).ToBeVisibleAsync();
        await Expect(page.Locator("#usage-tokens svg path").First).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "usage-platform-admin.png"), FullPage = true });
    }

    [Fact]
    public async Task The_demos_anomalous_day_shows_as_an_alert_that_the_owner_acknowledges()
    {
        // Arrange: evaluate alerts now rather than wait for the background job's interval.
        var database = portal.Services.GetRequiredService<PulseDatabase>();
        await new UsageAlertService(database, new TenantBudgetReader(database), TimeProvider.System, SystemTenantContext.Platform).EvaluateAllAsync();
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.GlobexOwner.Email, portal.DemoPassword);
        await page.GotoAsync("usage");

        var alerts = page.Locator("#usage-alerts");
        await Expect(alerts).ToContainTextAsync("Anomalous day", new() { Timeout = 20_000 });
        await Expect(alerts).ToContainTextAsync("robust standard deviations");
        var open = await alerts.Locator("li").CountAsync();
        await alerts.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Acknowledge: Spend on") }).First.ClickAsync();

        await Expect(alerts).ToContainTextAsync("Alert acknowledged.");
        await Expect(alerts.Locator("li")).ToHaveCountAsync(open - 1);
        await alerts.GetByLabel("Show acknowledged").CheckAsync();
        await Expect(alerts).ToContainTextAsync("acknowledged by owner@globex.test");
    }
}
