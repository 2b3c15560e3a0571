using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pulse.Core.Operations.History;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>The /ops health page and the API keys page in Chromium, with screenshots for people to look at.</summary>
[Collection(PortalCollection.Name)]
public sealed class OperationsPageTests(PortalServerFixture portal, BrowserFixture browser)
{
    [Fact]
    public async Task Ops_user_sees_health_rows_with_status_words_reasons_and_a_labelled_refresh_interval()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOps.Email, portal.DemoPassword);
        // Two more real samples a moment apart, so the figures have a history to draw.
        var sampler = portal.Services.GetRequiredService<HealthHistorySampler>();
        await sampler.SampleOnceAsync(default);
        await Task.Delay(1100);
        await sampler.SampleOnceAsync(default);

        await page.GotoAsync("ops");

        await Expect(page.MainHeading()).ToHaveTextAsync("Operations");
        var postgres = page.GetByRole(AriaRole.Region, new() { Name = "PostgreSQL" });
        await Expect(postgres.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Primary", Exact = true }) })).ToContainTextAsync("Healthy");
        await Expect(postgres.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = "Replica", Exact = true }) })).ToContainTextAsync("read from the primary");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Vector store" })).ToContainTextAsync("Embedded store");
        await Expect(page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Answer time of Primary over the last day: \\d+ points") })).ToBeVisibleAsync();
        var interval = page.GetByLabel("Refresh every");
        await Expect(interval).ToHaveValueAsync("30");
        await Expect(page.Locator(".ops-toolbar[data-interactive=true]")).ToBeVisibleAsync();
        var checkedAt = page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Checked" });
        var before = await checkedAt.InnerTextAsync();
        await interval.SelectOptionAsync("10");
        // The page refreshes itself: the check time moves on within the chosen interval.
        await Expect(checkedAt).Not.ToHaveTextAsync(before, new() { Timeout = 15_000 });
        // Another tenant's collections never show on an ops user's page.
        await Expect(page.GetByText("client_", new() { Exact = false }).Filter(new() { HasNotText = "client_1_" })).ToHaveCountAsync(0);

        Directory.CreateDirectory(ScreenshotTests.Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "ops-acme-ops.png"), FullPage = true });
    }

    [Fact]
    public async Task Tenant_owner_creates_a_key_that_is_shown_once_and_revokes_it_after_confirming()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.GlobexOwner.Email, portal.DemoPassword);
        await page.Navigation().GetByRole(AriaRole.Link, new() { Name = "API keys" }).ClickAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync("API keys");
        var name = $"browser-{Guid.NewGuid():N}"[..16];
        // The form works once the page's circuit is connected.
        await Expect(page.Locator("form[data-interactive=true]")).ToBeVisibleAsync();

        await page.GetByLabel("Key name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var token = page.GetByLabel("New API key");
        await Expect(token).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^pulse_[a-z2-9]{12}_"));
        Directory.CreateDirectory(ScreenshotTests.Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "api-keys-created.png"), FullPage = true });
        var secret = await token.InputValueAsync();
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("Active");

        await page.ReloadAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync("API keys");
        await Expect(page.Locator("form[data-interactive=true]")).ToBeVisibleAsync();
        await Expect(row).ToContainTextAsync("never");
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await Expect(page.GetByLabel("New API key")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Revoke key {name}" }).ClickAsync();
        // Radzen's confirmation is a .rz-dialog without a dialog role.
        var dialog = page.Locator(".rz-dialog");
        await Expect(dialog).ToContainTextAsync("cannot be undone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Revoke", Exact = true }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "api-keys-revoked.png"), FullPage = true });
        await Expect(page.GetByText($"The key \"{name}\" is revoked.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_administration_page_says_where_api_keys_are_managed_and_links_there()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.PlatformAdmin.Email, portal.DemoPassword);
        await page.GotoAsync("admin");
        await Expect(page.MainHeading()).ToHaveTextAsync("Administration");
        // The prerendered tabs ignore clicks until the circuit is live.
        await page.WaitForInteractiveAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "API keys" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 2 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "API keys page" }).ClickAsync();

        await Expect(page.MainHeading()).ToHaveTextAsync("API keys");
    }
}
