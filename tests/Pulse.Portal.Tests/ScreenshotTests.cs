using Microsoft.Playwright;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>Screenshots of the sign-in page and the dashboard (owner; admin wide and narrow), for people to look at (README, reviews).</summary>
[Collection(PortalCollection.Name)]
public sealed class ScreenshotTests(PortalServerFixture portal, BrowserFixture browser)
{
    /// <summary>bin/.../TestResults/screenshots: beside the test output, git-ignored.</summary>
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    [Fact]
    public async Task Sign_in_page_and_dashboards_are_captured_as_screenshots()
    {
        Directory.CreateDirectory(Folder);
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();

        await page.GotoAsync("account/login");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in" })).ToBeVisibleAsync();
        var signIn = Path.Combine(Folder, "sign-in.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = signIn, FullPage = true });

        await page.FillSignInFormAsync(DemoUsers.AcmeOwner.Email, portal.DemoPassword);
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Dashboard);
        await Expect(page.GetByText("AI spend this month")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var dashboard = Path.Combine(Folder, "dashboard-acme-owner.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = dashboard, FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.FillSignInFormAsync(DemoUsers.PlatformAdmin.Email, portal.DemoPassword);
        await Expect(page.GetByText("AI spend this month")).ToBeVisibleAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var admin = Path.Combine(Folder, "dashboard-platform-admin.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = admin, FullPage = true });
        await page.SetViewportSizeAsync(760, 900);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, "dashboard-platform-admin-narrow.png"), FullPage = true });

        Assert.True(new FileInfo(signIn).Length > 5_000, "the sign-in screenshot is suspiciously small");
        Assert.True(new FileInfo(dashboard).Length > 5_000, "the dashboard screenshot is suspiciously small");
    }
}
