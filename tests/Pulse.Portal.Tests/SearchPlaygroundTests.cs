using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Pulse.Core.Data;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Portal.Tests.Infrastructure;
using Pulse.Portal.Tests.Security;
using Pulse.Testing.Http;
using Pulse.Testing.Postgres;
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

    [Fact]
    public async Task An_analyst_compares_two_collections_side_by_side_with_their_overlap_latency_and_cost()
    {
        var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
        var page = await SignedInOnSearchAsync(DemoUsers.AcmeAnalyst.Email);

        await page.GetByLabel("Query", new() { Exact = true }).FillAsync("baptism salvation doctrine");
        await page.GetByLabel("Compare side by side").CheckAsync();
        // The demo has both: the seed 003 content collection, and the one the indexing pipeline built from the same rows.
        await page.GetByLabel("Compare with collection").SelectOptionAsync(CollectionNames.ForTenant(acme, "content_metadata"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        var comparison = page.GetByRole(AriaRole.Region, new() { Name = "Comparison" });
        await Expect(comparison.GetByRole(AriaRole.Heading, new() { Name = "Left: content · Built-in lexical embedder" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(comparison.GetByRole(AriaRole.Heading, new() { Name = "Right: content_metadata · Built-in lexical embedder" })).ToBeVisibleAsync();
        // Both collections hold the same nine content rows: every one of the top 10 is on both sides.
        await Expect(comparison.GetByText("Overlap:")).ToContainTextAsync("Overlap: 9 of the top 10 shared (Jaccard 1.00)");
        foreach (var side in new[] { "Left", "Right" })
        {
            var summary = comparison.GetByRole(AriaRole.Status, new() { Name = $"{side} timing and cost" });
            await Expect(summary).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Embed [\d.]+ ms · Search [\d.]+ ms · Hydrate [\d.]+ ms · Total [\d.]+ ms"));
            await Expect(summary).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Built-in lexical embedder · (\\d+ tokens|query vector from the embedding cache)"));
            var table = comparison.GetByRole(AriaRole.Table, new() { Name = $"{side} results" });
            await Expect(table.Locator("tbody tr")).ToHaveCountAsync(9);
            await Expect(table.Locator("tbody tr").First).ToContainTextAsync("Believer's Baptism and Salvation");
            await Expect(table.Locator("tbody tr").First).ToContainTextAsync("● both");
        }

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "search-compare-collections.png"), FullPage = true });
    }

    [Fact]
    public async Task A_primary_integration_that_is_down_is_marked_as_fallback_and_one_without_fallback_is_explained()
    {
        var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (lone, primary) = await AddDownIntegrationsAsync(acme, suffix);
        try
        {
            var page = await SignedInOnSearchAsync(DemoUsers.AcmeAnalyst.Email);
            await page.GetByLabel("Query", new() { Exact = true }).FillAsync("baptism salvation doctrine");

            await page.GetByLabel("Embedding integration").SelectOptionAsync(primary.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            var results = page.GetByRole(AriaRole.Table, new() { Name = "Search results" });
            await Expect(results.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Believer's Baptism and Salvation", Slow);
            var summary = page.GetByRole(AriaRole.Status, new() { Name = "Search timing and cost" });
            await Expect(summary.GetByRole(AriaRole.Note)).ToHaveTextAsync(
                $"Fallback: the primary integration (#{primary}) did not answer; Built-in lexical embedder served");
            await Expect(summary).ToContainTextAsync("Built-in lexical embedder ·");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotTests.Folder, "search-fallback.png") });

            await page.GetByLabel("Embedding integration").SelectOptionAsync(lone.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
            var alert = page.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("The query could not be embedded: The embedding provider could not answer.", Slow);
            await Expect(alert).ToContainTextAsync($"integration 'TEI alone {suffix}'");
            await Expect(alert).ToContainTextAsync("It has no fallback integration to stand in for it");
            await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Search results" })).ToHaveCountAsync(0);
        }
        finally
        {
            await using var db = portal.PlatformDb();
            await db.Integrations.Where(i => i.Id == primary || i.Id == lone).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_collection_deleted_after_the_page_loaded_is_explained_and_leaves_the_picker()
    {
        var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
        var name = CollectionNames.ForTenant(acme, "vanishing-" + Guid.NewGuid().ToString("N")[..6]);
        var store = portal.RawStore();
        await store.CreateCollectionAsync(name, new CollectionDefinition(384, Distance.Cosine));
        var page = await SignedInOnSearchAsync(DemoUsers.AcmeAnalyst.Email);
        var picker = page.GetByLabel("Collection", new() { Exact = true });
        await picker.SelectOptionAsync(name);
        await page.GetByLabel("Query", new() { Exact = true }).FillAsync("baptism");

        await store.DeleteCollectionAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(
            $"Collection '{name}' no longer exists (it may have been deleted or renamed). Pick another collection.", new() { Timeout = 20_000 });
        await Expect(picker.Locator($"option[value='{name}']")).ToHaveCountAsync(0);
        await Expect(picker).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^client_\\d+_content"));
    }

    [Fact]
    public async Task Cross_subject_discovery_groups_by_table_and_type_and_pages_without_repeats_or_gaps()
    {
        var page = await SignedInOnSearchAsync(DemoUsers.AcmeAnalyst.Email);
        await page.GetByLabel("Preset (seed 003 hybrid queries)").SelectOptionAsync("cross-subject");
        await Expect(page.GetByLabel("Query", new() { Exact = true })).ToHaveValueAsync("theory of truth, faith and interpretation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Search results" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(5, new() { Timeout = 20_000 });
        // Five of nine matches on the page: the figures of the whole result are counted when asked for.
        var facets = page.GetByLabel("Groups and diversity");
        await Expect(facets).ToContainTextAsync("counted on request");
        await facets.GetByRole(AriaRole.Button, new() { Name = "Group by table and type" }).ClickAsync();
        await Expect(facets).ToContainTextAsync("Of all 9 matches:", Slow);
        await Expect(facets).ToContainTextAsync("Diversity: 4 branches, 5 limbs");
        await Expect(facets).ToContainTextAsync("By table: religion_hierarchy 8, science_hierarchy 1");
        var groups = page.GetByRole(AriaRole.Table, new() { Name = "Hits by hierarchy table and content type" });
        await Expect(groups).ToContainTextAsync("religion_hierarchy");
        await Expect(groups.Locator("tbody tr")).ToHaveCountAsync(6);
        var firstPage = await rows.Locator("td.title").AllInnerTextsAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(4, new() { Timeout = 20_000 });
        await Expect(rows.First.Locator("td").First).ToHaveTextAsync("6");
        await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Search timing and cost" })).ToContainTextAsync("4 hits from #6");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Next page" })).ToBeDisabledAsync();
        var secondPage = await rows.Locator("td.title").AllInnerTextsAsync();

        // Nine content rows: every one on exactly one page (a title repeats only for a second chunk, which says "part 2").
        Assert.Equal(9, firstPage.Concat(secondPage).Distinct().Count());
    }

    [Fact]
    public async Task A_budget_that_refuses_is_named_on_the_page_instead_of_results()
    {
        var globex = await portal.TenantIdAsync(SecurityWorld.Globex);
        long spendId;
        await using (var db = portal.PlatformDb())
        {
            // Globex's demo budget is 100 USD a month and refuses at the limit: this row alone reaches it.
            var spend = new Pulse.Core.Data.Entities.AiUsageRecord { TenantId = globex, Provider = "openai", Operation = "embedding", Cost = 100m };
            db.AiUsage.Add(spend);
            await db.SaveChangesAsync();
            spendId = spend.Id;
        }

        try
        {
            var page = await SignedInOnSearchAsync(DemoUsers.GlobexOwner.Email);
            await page.GetByLabel("Query", new() { Exact = true }).FillAsync("quantum measurement");
            await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();

            var alert = page.GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("The search was not run: ", Slow);
            await Expect(alert).ToContainTextAsync("Monthly AI budget");
            await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Search results" })).ToHaveCountAsync(0);
        }
        finally
        {
            await using var db = portal.PlatformDb();
            await db.AiUsage.Where(u => u.Id == spendId).ExecuteDeleteAsync();
        }
    }

    [Fact]
    public async Task A_shared_comparison_link_opens_in_compare_mode_and_the_comparison_re_runs_from_the_history()
    {
        var acme = await portal.TenantIdAsync(SecurityWorld.Acme);
        var (content, indexed) = (CollectionNames.ForTenant(acme, "content"), CollectionNames.ForTenant(acme, "content_metadata"));
        // A word of its own keeps this test's history entry apart from other tests' searches as the same analyst.
        var query = "baptism salvation doctrine " + Guid.NewGuid().ToString("N")[..8];
        await using var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(DemoUsers.AcmeAnalyst.Email, portal.DemoPassword);

        // The integration id is malformed: ignored with a note, while the collection side still compares.
        await page.GotoAsync($"search?q={Uri.EscapeDataString(query)}&collection={content}&compare=true&compare_collection={indexed}&compare_integration=first");

        var comparison = page.GetByRole(AriaRole.Region, new() { Name = "Comparison" });
        await Expect(comparison.GetByRole(AriaRole.Heading, new() { Name = "Left: content · Built-in lexical embedder" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(comparison.GetByRole(AriaRole.Heading, new() { Name = "Right: content_metadata · Built-in lexical embedder" })).ToBeVisibleAsync();
        await Expect(comparison.GetByText("Overlap:")).ToContainTextAsync("Overlap: 9 of the top 10 shared (Jaccard 1.00)");
        foreach (var side in new[] { "Left", "Right" })
            await Expect(comparison.GetByRole(AriaRole.Table, new() { Name = $"{side} results" }).Locator("tbody tr")).ToHaveCountAsync(9);
        await Expect(page.GetByRole(AriaRole.Note).Filter(new() { HasText = "Parts of the shared link were ignored." }))
            .ToContainTextAsync("The link's compare integration 'first' is not an integration id; it was ignored.");
        await Expect(page.GetByLabel("Compare side by side")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Compare with collection")).ToHaveValueAsync(indexed);
        await Expect(page.GetByLabel("Query", new() { Exact = true })).ToHaveValueAsync(query);
        var shareLink = await page.GetByLabel("Share link (opens this search with the same parameters)").InputValueAsync();
        Assert.EndsWith($"&compare=true&compare_collection={indexed}", shareLink);

        var history = page.GetByRole(AriaRole.Complementary);
        var entry = history.GetByRole(AriaRole.Listitem).Filter(new() { HasText = query });
        await Expect(entry).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await Expect(entry).ToContainTextAsync("Comparison content vs content_metadata · 9 / 9 hits · 9 shared");

        // A fresh page, not in compare mode: re-running the entry restores compare mode and both sides.
        await page.GotoAsync("search");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Search" })).ToBeEnabledAsync(new() { Timeout = 20_000 });
        await Expect(page.GetByLabel("Compare side by side")).Not.ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Re-run comparison {query}" }).ClickAsync();
        comparison = page.GetByRole(AriaRole.Region, new() { Name = "Comparison" });
        await Expect(comparison.GetByRole(AriaRole.Heading, new() { Name = "Right: content_metadata · Built-in lexical embedder" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Expect(comparison.GetByText("Overlap:")).ToContainTextAsync("Overlap: 9 of the top 10 shared (Jaccard 1.00)");
        await Expect(comparison.GetByRole(AriaRole.Table, new() { Name = "Left results" }).Locator("tbody tr").First).ToContainTextAsync("Believer's Baptism and Salvation");
        await Expect(page.GetByLabel("Compare side by side")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Compare with collection")).ToHaveValueAsync(indexed);
        await Expect(history.GetByRole(AriaRole.Listitem).Filter(new() { HasText = query })).ToHaveCountAsync(2);
    }

    private async Task<IPage> SignedInOnSearchAsync(string email)
    {
        var context = await browser.NewContextAsync(portal.BaseAddress);
        var page = await context.NewPageAsync();
        await page.SignInAsync(email, portal.DemoPassword);
        await page.GotoAsync("search");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Search" })).ToBeEnabledAsync(new() { Timeout = 20_000 });
        return page;
    }

    /// <summary>
    /// Two Sentence Transformers integrations of Acme in the built-in embedder's vector space, at a loopback address where
    /// nothing listens: one alone, one falling back to the built-in lexical embedder (Acme's default).
    /// </summary>
    private async Task<(int Lone, int Primary)> AddDownIntegrationsAsync(int acme, string suffix)
    {
        int builtIn;
        await using (var db = portal.PlatformDb())
            builtIn = await db.Integrations.Where(i => i.TenantId == acme && i.IntegrationName == "Built-in lexical embedder").Select(i => i.Id).SingleAsync();
        var owner = new TestTenantContext(acme, false, null, PulseRoles.TenantOwner);
        using var scope = portal.Services.CreateScope();
        var integrations = ActivatorUtilities.CreateInstance<IntegrationService>(scope.ServiceProvider,
            (ITenantContext)owner, (IPulseDbContextFactory)new PulseDbContextFactory(portal.Services.GetRequiredService<PulseDatabase>(), owner));
        var down = LoopbackHttpServer.UnusedAddress().ToString();
        var input = new IntegrationInput
        {
            Kind = ProviderKind.SentenceTransformers, BaseUrl = down, Model = BuiltInEmbeddingChainResolver.BuiltIn.Model, Dimension = 384,
            TimeoutSeconds = 5, MaxRetries = 0,
        };
        var lone = await integrations.CreateAsync(input with { Name = $"TEI alone {suffix}" });
        var primary = await integrations.CreateAsync(input with { Name = $"TEI with fallback {suffix}", FallbackIntegrationId = builtIn });
        return (lone, primary);
    }
}
