using Microsoft.Playwright;
using Pulse.Portal.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Pulse.Portal.Tests;

/// <summary>The search playground in real Chromium against the seeded demo (the built-in embedder, the embedded store).</summary>
[Collection(PortalCollection.Name)]
public sealed class SearchPlaygroundTests(PortalServerFixture portal, BrowserFixture browser)
{
    /// <summary>A search is a server round trip (embed, search, PostgreSQL): allow for a busy 2-core machine.</summary>
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 20_000 };

    [Fact]
    public async Task An_analyst_searches_and_sees_highlighted_hits_with_timings_then_compares_and_reopens_a_shared_link()
    {
        Directory.CreateDirectory(ScreenshotTests.Folder);
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeAnalyst.Email, portal.DemoPassword);
        await page.GotoAsync("search");
        await Expect(page.MainHeading()).ToHaveTextAsync(DemoUsers.Search);
        await Expect(page.GetByText("No search yet.")).ToBeVisibleAsync();
        // The button is enabled once the circuit is live; typing into the prerendered page before that is lost.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Search" })).ToBeEnabledAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByLabel("Collection", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^client_\\d+_content$"));

        await page.GetByLabel("Query", new() { Exact = true }).FillAsync("baptism salvation <script>window.pwned = 1</script>");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        var results = page.GetByRole(AriaRole.Table, new() { Name = "Search results" });
        var top = results.GetByRole(AriaRole.Row).Nth(1);
        await Expect(top).ToContainTextAsync("Believer's Baptism and Salvation", Slow);
        await Expect(top).ToContainTextAsync("Christianity / Protestant-Baptist / Doctrines");
        await Expect(top.Locator("mark").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(baptism|salvation)$", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        var summary = page.GetByRole(AriaRole.Status, new() { Name = "Search timing and cost" });
        await Expect(summary).ToContainTextAsync("Embed");
        await Expect(summary).ToContainTextAsync("Hydrate");
        await Expect(summary).ToContainTextAsync("Built-in lexical embedder");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.pwned"));
        await Expect(page.GetByRole(AriaRole.Complementary).GetByText("baptism salvation <script>window.pwned = 1</script>")).ToBeVisibleAsync();

        await page.SetViewportSizeAsync(1280, 1400);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "search-1280.png") });
        await page.SetViewportSizeAsync(1600, 1400);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "search-1600.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "Payload of Believer's Baptism and Salvation" }).First.ClickAsync();
        await Expect(page.Locator("tr.payload-row pre")).ToContainTextAsync("\"content_type\": \"Doctrine\"");

        var shareLink = await page.GetByLabel("Share link (opens this search with the same parameters)").InputValueAsync();
        await page.GetByLabel("Compare side by side").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.GetByText("Overlap:")).ToContainTextAsync("shared", Slow);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Right results" })).ToContainTextAsync("Believer's Baptism and Salvation", Slow);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "search-compare.png"), FullPage = true });

        var shared = await context.NewPageAsync();
        await shared.GotoAsync(shareLink);
        await Expect(shared.GetByLabel("Query", new() { Exact = true })).ToHaveValueAsync("baptism salvation <script>window.pwned = 1</script>");
        await Expect(shared.GetByRole(AriaRole.Table, new() { Name = "Search results" })).ToContainTextAsync("Believer's Baptism and Salvation", Slow);
    }

    [Fact]
    public async Task An_empty_query_and_a_malformed_filter_are_explained_on_the_page()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeOwner.Email, portal.DemoPassword);
        await page.GotoAsync("search");
        await Expect(page.GetByLabel("Collection", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("_content$"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Search" })).ToBeEnabledAsync(new() { Timeout = 20_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Type a query: the search needs some text to embed.", Slow);

        await page.GetByLabel("Query", new() { Exact = true }).FillAsync("baptism");
        await page.GetByLabel("Payload filter (Qdrant JSON, optional)").FillAsync("{\"must\": [");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The payload filter is not valid. Invalid filter at $: malformed JSON", Slow);
    }

    [Fact]
    public async Task The_hierarchy_preset_searches_one_branch_and_browses_it_newest_first()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeAnalyst.Email, portal.DemoPassword);
        await page.GotoAsync("search");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Search" })).ToBeEnabledAsync(new() { Timeout = 20_000 });

        await page.GetByLabel("Preset (seed 003 hybrid queries)").SelectOptionAsync("hierarchy");
        await Expect(page.GetByText("Only content under")).ToContainTextAsync("Christianity / Protestant-Baptist");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Search results" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Expect(page.GetByLabel("Groups and diversity")).ToContainTextAsync("Doctrine 2, Principle 1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Browse this branch" }).ClickAsync();
        var browse = page.GetByRole(AriaRole.Table, new() { Name = "Content under the branch" });
        await Expect(browse.Locator("tbody tr")).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        await Expect(browse).ToContainTextAsync("Soul Liberty and the Priesthood of Believers");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "search-hierarchy.png") });
    }

    [Fact]
    public async Task The_filter_builder_writes_the_filter_from_the_collections_fields_and_the_search_honours_it()
    {
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeAnalyst.Email, portal.DemoPassword);
        await page.GotoAsync("search");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Search" })).ToBeEnabledAsync(new() { Timeout = 20_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Build the filter from the collection's fields" }).ClickAsync();
        var builder = page.GetByRole(AriaRole.Region, new() { Name = "Filter builder" });
        await builder.GetByRole(AriaRole.Button, new() { Name = "Add rule" }).ClickAsync();
        await builder.GetByLabel("Field of rule 1").FillAsync("content_type");
        await builder.GetByLabel("Condition of rule 1").SelectOptionAsync(new SelectOptionValue { Label = "equals" });
        await builder.GetByLabel("Value of rule 1").FillAsync("Theory");
        await builder.GetByLabel("Value of rule 1").BlurAsync();
        await Expect(page.GetByLabel("Payload filter (Qdrant JSON, optional)")).ToHaveValueAsync(
            new System.Text.RegularExpressions.Regex("\\{\"must\":\\[\\{\"key\":\"content_type\",\"match\":\\{\"value\":\"Theory\"\\}"));

        await page.GetByLabel("Query", new() { Exact = true }).FillAsync("quantum measurement");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Search results" }).Locator("tbody tr");
        // The demo content has one Theory row among nine: the filter leaves exactly that one.
        await Expect(rows.First).ToContainTextAsync("The Copenhagen and Many-Worlds Interpretations", new() { Timeout = 20_000 });
        await Expect(rows).ToHaveCountAsync(1);
    }
}
