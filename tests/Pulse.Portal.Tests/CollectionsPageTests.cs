using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>The collections pages in Chromium: browsing pages of points, filtering, a payload, roles and tenant boundaries.</summary>
[Collection(PortalCollection.Name)]
public sealed class CollectionsPageTests(PortalServerFixture portal, BrowserFixture browser)
{
    private static readonly Regex ContentCollection = new(@"^client_\d+_content$");

    [Fact]
    public async Task Analyst_pages_through_points_filters_them_opens_a_payload_and_sees_no_destructive_controls()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeAnalyst.Email, portal.DemoPassword);
        var content = await OwnContentCollectionAsync(page);
        var paging = content.Replace("_content", "_paging");
        await ArrangeCollectionAsync(paging, 23);

        await page.GotoAsync($"collections/{paging}");
        await Expect(page.MainHeading()).ToHaveTextAsync(paging);
        await WaitUntilInteractiveAsync(page);
        await page.GetByLabel("Page size").SelectOptionAsync("10");
        await Expect(page.GetByText("Showing points 1–10 of 23.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page.GetByText("Showing points 11–20 of 23.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page.GetByText("Showing points 21–23 of 23.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await page.GetByLabel("Field of rule 1").FillAsync("color");
        await page.GetByLabel("Condition of rule 1").SelectOptionAsync(new SelectOptionValue { Label = "equals" });
        await page.GetByLabel("Value of rule 1").FillAsync("red");
        // Leaving the field input loaded its values: counted over the whole collection, and the builder says so.
        await Expect(page.GetByText("Value counts over all 23 points.")).ToBeVisibleAsync();
        await Expect(page.Locator("#filter-values-0 option[value='red']")).ToHaveTextAsync("red (7 of all 23 points)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filter" }).ClickAsync();
        await Expect(page.GetByText("Showing points 1–7 of 7 matching.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Show the payload of point 3" }).ClickAsync();
        await Expect(page.GetByLabel("Payload JSON")).ToContainTextAsync("\"color\": \"red\"");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("collection-payload-analyst.png"), FullPage = true });
        await page.Keyboard.PressAsync("Escape");
        await page.GetByRole(AriaRole.Tab, new() { Name = "ANN quality" }).ClickAsync();
        await page.GetByLabel("Sample size").FillAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Run check" }).ClickAsync();
        await Expect(page.GetByText("Recall@10 (mean)")).ToBeVisibleAsync();

        await page.GotoAsync("collections");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = content, Exact = true })).ToBeVisibleAsync();
        await ExpectManagementControlsAsync(page, paging, present: false);
    }

    [Fact]
    public async Task Ops_find_every_management_control_that_an_analyst_is_denied()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOps.Email, portal.DemoPassword);
        var content = await OwnContentCollectionAsync(page);
        await ExpectManagementControlsAsync(page, content.Replace("_content", "_opscontrols"), present: true);
    }

    /// <summary>
    /// Visits every tab that carries a management control with the state that shows it (a filter applied, a point
    /// selected where selection exists, an alias on the collection, a schema loaded) and counts each control. Tabs
    /// render only when selected, so each is opened before its controls are counted; the ops run proves the same
    /// selectors find them, which makes the analyst's zero counts meaningful.
    /// </summary>
    private async Task ExpectManagementControlsAsync(IPage page, string collection, bool present)
    {
        var expected = present ? 1 : 0;
        await ArrangeCollectionAsync(collection, 12);
        var alias = collection + "_live";
        await portal.Services.GetRequiredService<IVectorStore>().UpdateAliasesAsync([AliasChange.Create(alias, collection)]);

        await page.GotoAsync($"collections/{collection}");
        await Expect(page.MainHeading()).ToHaveTextAsync(collection);
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByText("Showing points 1–12 of 12.")).ToBeVisibleAsync();
        foreach (var action in new[] { "Drop collection", "Take snapshot" })
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = action })).ToHaveCountAsync(expected);
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Snapshots" })).ToHaveCountAsync(expected);

        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await page.GetByLabel("Field of rule 1").FillAsync("color");
        await page.GetByLabel("Condition of rule 1").SelectOptionAsync(new SelectOptionValue { Label = "equals" });
        await page.GetByLabel("Value of rule 1").FillAsync("red");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filter" }).ClickAsync();
        await Expect(page.GetByText("Showing points 1–4 of 4 matching.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Delete matching points" })).ToHaveCountAsync(expected);
        foreach (var export in new[] { "Export JSON Lines", "Export CSV" })
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = export })).ToHaveCountAsync(expected);
        var select = page.GetByRole(AriaRole.Checkbox, new() { Name = "Select point 3", Exact = true });
        await Expect(select).ToHaveCountAsync(expected);
        if (present) await select.CheckAsync();
        var deleteSelected = page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Delete selected") });
        await Expect(deleteSelected).ToHaveCountAsync(expected);
        if (present) await Expect(deleteSelected).ToBeEnabledAsync();

        await page.GetByRole(AriaRole.Tab, new() { Name = "Payload schema" }).ClickAsync();
        await Expect(page.Locator("[aria-label='Payload schema']")).ToContainTextAsync("color");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create index" })).ToHaveCountAsync(expected);
        await Expect(page.GetByLabel("Index type")).ToHaveCountAsync(expected);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Aliases" }).ClickAsync();
        await Expect(page.Locator("[aria-label='Aliases']")).ToContainTextAsync(alias);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Remove alias {alias}" })).ToHaveCountAsync(expected);
        foreach (var action in new[] { "Create alias", "Switch alias here" })
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = action })).ToHaveCountAsync(expected);
        await Expect(page.GetByLabel("Alias name")).ToHaveCountAsync(expected);

        await page.GotoAsync("collections");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create collection" })).ToHaveCountAsync(expected);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Schemas" }).ClickAsync();
        await page.GetByLabel("Load a checked-in schema").SelectOptionAsync("tenant-content.yaml");
        await Expect(page.GetByLabel("Schema YAML")).ToHaveValueAsync(new Regex("content_vectors"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Diff" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true })).ToHaveCountAsync(expected);
    }

    [Fact]
    public async Task Ops_see_the_actions_and_download_a_snapshot_that_another_tenant_can_neither_open_nor_download()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOps.Email, portal.DemoPassword);
        var content = await OwnContentCollectionAsync(page);
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = content, Exact = true })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("collections-list-ops.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "Create collection" }).ClickAsync();
        await page.GetByLabel("Start from").SelectOptionAsync(new SelectOptionValue { Label = "tenant-content: content_vectors" });
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("content_vectors");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("collection-create-dialog.png") });
        await CancelCreateDialogAsync(page);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Schemas" }).ClickAsync();
        await page.GetByLabel("Load a checked-in schema").SelectOptionAsync("tenant-content.yaml");
        await page.GetByRole(AriaRole.Button, new() { Name = "Diff" }).ClickAsync();
        await Expect(page.Locator("[aria-label='Schema diff']")).ToContainTextAsync($"{content}_vectors");
        await Expect(page.Locator("[aria-label='Schema diff']")).ToContainTextAsync("Create");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("collection-schema-diff.png"), FullPage = true });
        await page.GetByRole(AriaRole.Tab, new() { Name = "Collections" }).ClickAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = content, Exact = true }).ClickAsync();
        await Expect(page.GetByText(new Regex(@"^Showing points 1–9 of 9\.$"))).ToBeVisibleAsync();
        await WaitUntilInteractiveAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("collection-detail-ops.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Take snapshot" }).ClickAsync();
        await Expect(page.GetByText(new Regex("^Snapshot .* taken"))).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Drop collection" })).ToBeVisibleAsync();
        var snapshot = (await portal.Services.GetRequiredService<IVectorStore>().ListSnapshotsAsync(content)).Last().Name;
        var url = $"collections/{content}/snapshots/{snapshot}/download";
        var download = await context.APIRequest.GetAsync(url);
        Assert.Equal(200, download.Status);
        Assert.True((await download.BodyAsync()).Length > 1000);

        var export = await context.APIRequest.GetAsync($"collections/{content}/export?format=jsonl&filter={Uri.EscapeDataString("""{"must":[{"key":"content_type","match":{"value":"Doctrine"}}]}""")}");
        Assert.Equal(200, export.Status);
        var exported = (await export.TextAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(exported);
        Assert.All(exported, line => Assert.Contains("\"content_type\":\"Doctrine\"", line));

        await using var other = await browser.NewContextAsync(portal.BaseAddress);
        var globex = await other.NewPageAsync();
        await globex.SignInAsync(DemoUsers.GlobexOwner.Email, portal.DemoPassword);
        await globex.GotoAsync($"collections/{content}");
        await Expect(globex.GetByRole(AriaRole.Alert)).ToContainTextAsync("belongs to another tenant");
        await Expect(globex.GetByText(new Regex("^Showing points"))).ToHaveCountAsync(0);
        Assert.Equal(403, (await other.APIRequest.GetAsync(url)).Status);
        Assert.Equal(403, (await other.APIRequest.GetAsync($"collections/{content}/export?format=csv")).Status);
    }

    [Fact]
    public async Task Ops_export_the_filtered_points_from_the_page_and_see_the_export_finish_and_it_is_audited()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOps.Email, portal.DemoPassword);
        var collection = (await OwnContentCollectionAsync(page)).Replace("_content", "_export");
        await ArrangeCollectionAsync(collection, 12);

        await page.GotoAsync($"collections/{collection}");
        await WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await page.GetByLabel("Field of rule 1").FillAsync("color");
        await page.GetByLabel("Value of rule 1").FillAsync("red");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filter" }).ClickAsync();
        await Expect(page.GetByText("Showing points 1–4 of 4 matching.")).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export JSON Lines" }).ClickAsync());
        Assert.Equal($"{collection}.jsonl", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, line => Assert.Contains("\"color\":\"red\"", line));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Export" }))
            .ToHaveTextAsync($"Export finished: 4 points of {collection} written as JSON Lines.");
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Export progress" })).ToHaveAttributeAsync("value", "100");

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Screenshot("collection-export-finished.png"), FullPage = true });

        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).ClickAsync());
        Assert.Equal(5, (await File.ReadAllLinesAsync((await csv.PathAsync())!)).Length);
        await Expect(page.GetByText($"Export finished: 4 points of {collection} written as CSV.")).ToBeVisibleAsync();

        await using var db = new PulseDbContextFactory(portal.Services.GetRequiredService<PulseDatabase>(), SystemTenantContext.Platform).CreateDbContext();
        var audited = await db.AuditLog.Where(a => a.Action == "collection.export" && a.Target == collection).Select(a => a.Details).ToListAsync();
        Assert.Equal(2, audited.Count);
        Assert.All(audited, d => Assert.Equal(4, (long)JsonNode.Parse(d)!["points"]!));
    }

    [Fact]
    public async Task Ops_apply_a_schema_in_the_portal_and_the_collection_shows_the_version_with_who_and_when()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOps.Email, portal.DemoPassword);
        var prefix = (await OwnContentCollectionAsync(page))[..^"content".Length];
        await WaitUntilInteractiveAsync(page);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Schemas" }).ClickAsync();
        await page.GetByLabel("Schema YAML").FillAsync("""
            schema: history-docs
            version: 1
            scope: tenant
            collections:
              history_docs:
                vector_size: 4
                distance: Cosine
                payload_indexes:
                  color: keyword
            """);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog, new() { Name = "Apply schema" }).GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Applied history-docs version 1.")).ToBeVisibleAsync();
        await Expect(page.Locator("[aria-label='Apply progress']")).ToContainTextAsync($"{prefix}history_docs: Create");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Collections" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = $"{prefix}history_docs_v1", Exact = true }).ClickAsync();
        await Expect(page.MainHeading()).ToHaveTextAsync($"{prefix}history_docs_v1");
        await Expect(page.GetByText(new Regex($@"^schema history-docs v1, applied by {Regex.Escape(DemoUsers.AcmeOps.Email)} on \d{{4}}-\d\d-\d\d \d\d:\d\d UTC$"))).ToBeVisibleAsync();
        await WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Configuration" }).ClickAsync();
        var history = page.GetByRole(AriaRole.Table, new() { Name = "Schema history" });
        await Expect(history.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        foreach (var cell in new[] { "history-docs", "v1", DemoUsers.AcmeOps.Email, $"{prefix}history_docs_v1" })
            await Expect(history.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync(cell);
        await Expect(history).ToContainTextAsync("Create:");
    }

    [Fact]
    public async Task A_dimension_change_over_vectors_with_no_source_rows_shows_why_in_the_diff_and_the_apply_refusal()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOps.Email, portal.DemoPassword);
        var prefix = (await OwnContentCollectionAsync(page))[..^"content".Length];
        await WaitUntilInteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Schemas" }).ClickAsync();
        static string Yaml(int version, int size) => $"schema: sized-docs\nversion: {version}\nscope: tenant\ncollections:\n  sized_docs:\n    vector_size: {size}\n";
        await page.GetByLabel("Schema YAML").FillAsync(Yaml(1, 4));
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog, new() { Name = "Apply schema" }).GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Applied sized-docs version 1.")).ToBeVisibleAsync();
        var store = portal.Services.GetRequiredService<IVectorStore>();
        await store.UpsertAsync($"{prefix}sized_docs", [new VectorPoint(1UL, [1, 2, 3, 4]), new VectorPoint(2UL, [4, 3, 2, 1])]);

        await page.GetByLabel("Schema YAML").FillAsync(Yaml(2, 8));
        await page.GetByRole(AriaRole.Button, new() { Name = "Diff", Exact = true }).ClickAsync();
        var why = $"'{prefix}sized_docs' holds 2 vectors that no source fills";
        await Expect(page.Locator("[aria-label='Schema diff']")).ToContainTextAsync(why);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Alertdialog, new() { Name = "Apply schema" }).GetByRole(AriaRole.Button, new() { Name = "Apply", Exact = true }).ClickAsync();

        await Expect(page.GetByText(new Regex($"^{Regex.Escape(why)}.*Nothing was changed\\.$"))).ToBeVisibleAsync();
        Assert.Equal(($"{prefix}sized_docs_v1", 4), ((await store.GetCollectionInfoAsync($"{prefix}sized_docs")).Name, (await store.GetCollectionInfoAsync($"{prefix}sized_docs")).Config.VectorSize));
        Assert.False(await store.CollectionExistsAsync($"{prefix}sized_docs_v2"));
    }

    /// <summary>
    /// Closes the create dialog with its Cancel button and waits until it is gone. On a loaded machine a click that lands
    /// while the dialog is still rendering its template list can be lost; the dialog is then cancelled once more.
    /// </summary>
    private static async Task CancelCreateDialogAsync(IPage page)
    {
        var dialog = page.Locator(".rz-dialog-wrapper");
        for (var attempt = 0; attempt < 3 && await dialog.CountAsync() > 0; attempt++)
        {
            try
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync(new() { Timeout = 5_000 });
                await Expect(dialog).ToHaveCountAsync(0, new() { Timeout = 5_000 });
            }
            catch (Exception) when (attempt < 2)
            {
                // Closed late (the button went with it) or the click was lost: look again.
            }
        }

        await Expect(dialog).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Every_control_on_the_collections_pages_has_an_accessible_name_and_points_are_browsed_from_the_keyboard()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOps.Email, portal.DemoPassword);
        var collection = (await OwnContentCollectionAsync(page)).Replace("_content", "_a11y");
        await ArrangeCollectionAsync(collection, 12);
        await portal.Services.GetRequiredService<IVectorStore>().CreateSnapshotAsync(collection);
        var unnamed = new List<string>();

        await page.GotoAsync("collections");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = collection, Exact = true })).ToBeVisibleAsync();
        await CollectUnnamedAsync(page, "list", unnamed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create collection" }).ClickAsync();
        await Expect(page.GetByLabel("Start from")).ToBeVisibleAsync();
        await CollectUnnamedAsync(page, "create dialog", unnamed);
        await CancelCreateDialogAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Schemas" }).ClickAsync();
        await page.GetByLabel("Load a checked-in schema").SelectOptionAsync("tenant-content.yaml");
        await page.GetByRole(AriaRole.Button, new() { Name = "Diff" }).ClickAsync();
        await Expect(page.Locator("[aria-label='Schema diff']")).ToBeVisibleAsync();
        await CollectUnnamedAsync(page, "schemas", unnamed);

        await page.GotoAsync($"collections/{collection}");
        await WaitUntilInteractiveAsync(page);
        await Expect(page.GetByText("Showing points 1–12 of 12.")).ToBeVisibleAsync();

        // The keyboard alone: add a rule, fill it, apply it, reach a point's payload button by Tab and open it with Enter.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Field of rule 1")).ToBeVisibleAsync();
        await page.GetByLabel("Field of rule 1").FocusAsync();
        await page.Keyboard.TypeAsync("color");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("red");
        Assert.Equal("Value of rule 1", await FocusedNameAsync(page));
        await page.Keyboard.PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add group" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Nested filter group 1" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Group, new() { Name = "Nested filter group 1" }).GetByRole(AriaRole.Button, new() { Name = "Add rule" }).PressAsync("Enter");
        await Expect(page.GetByLabel("Field of rule 1 of nested filter group 1")).ToBeVisibleAsync();
        await CollectUnnamedAsync(page, "filter builder", unnamed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove nested filter group 1" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filter" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByText("Showing points 1–4 of 4 matching.")).ToBeVisibleAsync();
        var reached = await TabUntilAsync(page, "Show the payload of point 3", 80);
        Assert.True(reached, "Tab never reached the payload button of point 3.");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByLabel("Payload JSON")).ToContainTextAsync("\"color\": \"red\"");
        await CollectUnnamedAsync(page, "payload dialog", unnamed);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByLabel("Payload JSON")).ToHaveCountAsync(0);
        await CollectUnnamedAsync(page, "points", unnamed);

        foreach (var tab in new[] { "Configuration", "Payload schema", "Aliases", "ANN quality", "Snapshots" })
        {
            await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Tab, new() { Name = tab })).ToHaveAttributeAsync("aria-selected", "true");
            await CollectUnnamedAsync(page, tab, unnamed);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Drop collection" }).ClickAsync();
        await Expect(page.GetByLabel("Collection name")).ToBeVisibleAsync();
        await CollectUnnamedAsync(page, "drop dialog", unnamed);
        Assert.True(unnamed.Count == 0, "Controls without an accessible name:\n" + string.Join("\n", unnamed));
    }

    /// <summary>A line of an ARIA snapshot for a control whose role is not followed by a quoted name.</summary>
    private static readonly Regex UnnamedControl = new(
        @"^\s*- (button|textbox|combobox|checkbox|radio|spinbutton|listbox|searchbox|slider|switch|link|tab|menuitem)(?=$|:| \[)", RegexOptions.Compiled);

    /// <summary>Adds every interactive element of the page's accessibility tree that has no name (Chromium's own computation).</summary>
    private static async Task CollectUnnamedAsync(IPage page, string where, List<string> unnamed)
    {
        var tree = await page.Locator("body").AriaSnapshotAsync();
        unnamed.AddRange(tree.Split('\n').Where(line => UnnamedControl.IsMatch(line)).Select(line => $"{where}: {line.Trim()}"));
    }

    private static Task<string> FocusedNameAsync(IPage page) => page.EvaluateAsync<string>(
        "() => { const e = document.activeElement; return e ? (e.getAttribute('aria-label') || (e.labels && e.labels[0] ? e.labels[0].textContent.trim() : '') || e.textContent.trim()) : ''; }");

    /// <summary>Presses Tab until the focused element is named <paramref name="name"/>; false after <paramref name="limit"/> presses.</summary>
    private static async Task<bool> TabUntilAsync(IPage page, string name, int limit)
    {
        for (var i = 0; i < limit; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await FocusedNameAsync(page) == name) return true;
        }

        return false;
    }

    /// <summary>Prerendered pages ignore clicks; the collections pages flag when their circuit is live.</summary>
    private static Task WaitUntilInteractiveAsync(IPage page) =>
        Expect(page.Locator(".collections-page[data-interactive=true]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });

    private static async Task<string> OwnContentCollectionAsync(IPage page)
    {
        await page.GotoAsync("collections");
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Collections);
        var link = page.GetByRole(AriaRole.Link, new() { NameRegex = ContentCollection });
        await Expect(link).ToHaveCountAsync(1);
        return (await link.TextContentAsync())!.Trim();
    }

    private async Task ArrangeCollectionAsync(string name, int points)
    {
        var store = portal.Services.GetRequiredService<IVectorStore>();
        if (await store.CollectionExistsAsync(name)) await store.DeleteCollectionAsync(name);
        await store.CreateCollectionAsync(name, new CollectionDefinition(4, Distance.Cosine));
        string[] colors = ["red", "green", "blue"];
        await store.UpsertAsync(name, [.. Enumerable.Range(1, points).Select(i => new VectorPoint((ulong)i, [1, i % 5, 2, 1],
            new JsonObject { ["title"] = $"Item {i}", ["color"] = colors[i % 3], ["n"] = i }))]);
    }

    private static string Screenshot(string file)
    {
        Directory.CreateDirectory(ScreenshotTests.Folder);
        return Path.Combine(ScreenshotTests.Folder, file);
    }
}
