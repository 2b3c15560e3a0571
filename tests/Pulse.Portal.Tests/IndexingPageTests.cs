using Microsoft.Playwright;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>The indexing page in Chromium: the seeded job history, a live re-index, and the reconciler.</summary>
[Collection(PortalCollection.Name)]
public sealed class IndexingPageTests(PortalServerFixture portal, BrowserFixture browser)
{
    [Fact]
    public async Task Ops_sees_the_seeded_jobs_reindexes_work_items_live_and_runs_the_reconciler()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync("ops@acme.test", portal.DemoPassword);
        await page.GotoAsync("indexing");
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Indexing);

        // The demo seed ran the real pipeline: each source of Acme shows a completed job; Globex is not Acme ops' to see.
        var acme = page.GetByRole(AriaRole.Region, new() { Name = "Indexing of Acme Analytics" });
        await Expect(acme).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Indexing of Globex Engineering" })).ToHaveCountAsync(0);
        var workItems = acme.Locator(".indexing-source", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Work items" }) });
        await Expect(workItems.GetByRole(AriaRole.Status)).ToHaveTextAsync("Completed");
        await Expect(acme.GetByRole(AriaRole.Status).Filter(new() { HasText = "Completed" })).ToHaveCountAsync(3);
        Directory.CreateDirectory(ScreenshotTests.Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "indexing-acme-ops.png"), FullPage = true });

        // A re-index runs in the background runner; the page follows it without a reload, and nothing is re-embedded.
        await workItems.GetByRole(AriaRole.Button, new() { Name = "Start indexing Work items of Acme Analytics" }).ClickAsync();
        await Expect(page.GetByText("Indexing of Work items for Acme Analytics is queued.")).ToBeVisibleAsync();
        await Expect(workItems.GetByRole(AriaRole.Status)).ToHaveTextAsync("Completed", new() { Timeout = 30_000 });
        await Expect(workItems.GetByText(new System.Text.RegularExpressions.Regex(@"^0 embedded · [1-9][0-9]* unchanged"))).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Run the reconciler for Acme Analytics" }).ClickAsync();
        var report = page.GetByRole(AriaRole.Region, new() { Name = "Reconciler report for Acme Analytics" });
        await Expect(report.GetByText("No drift")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "indexing-reconciled.png"), FullPage = true });
    }
}
