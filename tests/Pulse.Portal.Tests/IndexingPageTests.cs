using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pulse.Core.Data;
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
        await Expect(page.Locator(".indexing-page[data-interactive=true]")).ToBeVisibleAsync();

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

    [Fact]
    public async Task Platform_admin_sees_parked_rows_and_cancels_a_paused_job_after_confirming()
    {
        // Arranged in the database: a paused job and a parked row for Globex, as an outage and a bad row would leave them.
        var database = portal.Services.GetRequiredService<PulseDatabase>();
        await using (var arrange = database.Primary.CreateCommand("""
            WITH globex AS (SELECT id FROM tenants WHERE slug = 'globex')
            , paused AS (INSERT INTO indexing_jobs (tenant_id, source_table, collection_name, state, total_rows, processed_rows, embedded_rows, error, started_at)
                SELECT id, 'pull_requests', 'client_' || id || '_pull_requests', 'paused', 5, 2, 2,
                       'Paused: The embedding provider is not answering (HTTP 503). Resume the job when the provider is back.', now() FROM globex
                ON CONFLICT DO NOTHING RETURNING id)
            INSERT INTO indexing_parked_rows (tenant_id, source_table, record_id, error)
            SELECT id, 'work_items', (SELECT min(w.id) FROM work_items w WHERE w.tenant_id = globex.id), 'The provider refused the request (HTTP 400): input too long' FROM globex
            ON CONFLICT DO NOTHING
            """))
            await arrange.ExecuteNonQueryAsync();

        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.PlatformAdmin.Email, portal.DemoPassword);
        await page.GotoAsync("indexing");
        await Expect(page.Locator(".indexing-page[data-interactive=true]")).ToBeVisibleAsync();
        var globex = page.GetByRole(AriaRole.Region, new() { Name = "Indexing of Globex Engineering" });
        await Expect(globex).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Indexing of Acme Analytics" })).ToBeVisibleAsync();

        await globex.GetByRole(AriaRole.Button, new() { Name = "Show parked rows of Work items of Globex Engineering" }).ClickAsync();
        var parked = page.GetByRole(AriaRole.Region, new() { Name = "Parked rows of Work items of Globex Engineering" });
        await Expect(parked.GetByText("input too long")).ToBeVisibleAsync();
        await Expect(parked.GetByRole(AriaRole.Button, new() { Name = "Retry parked rows of Work items of Globex Engineering" })).ToBeEnabledAsync();

        var pulls = globex.Locator(".indexing-source", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Pull requests" }) });
        await Expect(pulls.GetByRole(AriaRole.Status)).ToHaveTextAsync("Paused");
        await Expect(pulls.GetByText("not answering")).ToBeVisibleAsync();
        Directory.CreateDirectory(ScreenshotTests.Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "indexing-platform-admin.png"), FullPage = true });

        await pulls.GetByRole(AriaRole.Button, new() { Name = "Cancel indexing Pull requests of Globex Engineering" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Alertdialog, new() { Name = "Cancel indexing job" });
        await Expect(dialog.GetByText("Points already written stay")).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel job" }).ClickAsync();
        await Expect(pulls.GetByRole(AriaRole.Status)).ToHaveTextAsync("Cancelled");
        await Expect(pulls.GetByRole(AriaRole.Button, new() { Name = "Start indexing Pull requests of Globex Engineering" })).ToBeVisibleAsync();
    }
}
