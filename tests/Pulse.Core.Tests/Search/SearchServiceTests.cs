using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Search;

/// <summary>The search service end to end: real PostgreSQL, the embedded store, the built-in embedder, the demo data.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchServiceTests(PostgresServerFixture postgres, SearchWorldFixture worlds) : IClassFixture<SearchWorldFixture>
{
    private const string Analyst = "analyst@acme.test";

    private async Task<(SearchWorld World, string Content)> ArrangeAsync()
    {
        var world = await worlds.GetAsync(postgres);
        return (world, CollectionNames.ForTenant(world.Acme, ContentCollectionBuilder.LogicalName));
    }

    private static async Task<SearchResponse> SearchAsync(SearchWorld world, ITenantContext user, SearchRequest request)
    {
        await using var scope = world.Scope(user);
        return await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(request);
    }

    [Fact]
    public async Task A_query_returns_hydrated_hits_with_hierarchy_paths_timings_and_the_integration_that_served()
    {
        var (world, content) = await ArrangeAsync();

        var response = await SearchAsync(world, world.As(Analyst), new SearchRequest { Query = "baptism salvation doctrine", Collection = content });

        var top = response.Hits[0];
        Assert.StartsWith("Believer's Baptism and Salvation", top.Title);
        Assert.Equal("Christianity / Protestant-Baptist / Doctrines", top.HierarchyPath);
        Assert.Equal("Doctrine", top.ContentType);
        Assert.Equal(1, top.Rank);
        Assert.True(top.SourceFound);
        Assert.Contains("baptism", top.Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(9, response.Hits.Count); // every demo content row, best first
        Assert.True(response.Hits.Zip(response.Hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        // The demo tenant's default embedding integration is the built-in lexical embedder (offline demo).
        Assert.Equal(ProviderKind.LocalHashing, response.Embedding!.Provider);
        Assert.False(response.Embedding.FallbackUsed);
        // Tokens were spent, unless another test of this world asked the same text within the cache time-to-live.
        Assert.True(response.Embedding.Usage.TotalTokens > 0 || response.Embedding.CachedInputs == 1);
        Assert.Equal(384, response.Dimension);
        Assert.True(response.Timing.EmbedMs > 0 && response.Timing.SearchMs > 0 && response.Timing.HydrateMs > 0);
        Assert.True(response.Timing.TotalMs >= response.Timing.EmbedMs + response.Timing.SearchMs + response.Timing.HydrateMs);
    }

    [Fact]
    public async Task Hydration_reads_each_source_table_once_whatever_the_number_of_hits()
    {
        var (world, _) = await ArrangeAsync();
        var mixed = await CreateMixedCollectionAsync(world);
        using var counter = new CommandCounter(world.DatabaseName);

        var response = await SearchAsync(world, world.As(Analyst), new SearchRequest { Query = "search provider baptism", Collection = mixed, Limit = 50 });

        Assert.Equal(9 + 7 + 5, response.Hits.Count);
        Assert.All(response.Hits, h => Assert.True(h.SourceFound, h.SourceLabel));
        Assert.Contains(response.Hits, h => h.SourceTable == "work_items" && h.SourceLabel.StartsWith("PLAT-", StringComparison.Ordinal));
        Assert.Contains(response.Hits, h => h.SourceTable == "pull_requests" && h.SourceLabel.StartsWith("pulse/", StringComparison.Ordinal));
        Assert.Contains(response.Hits, h => h.HierarchyPath == "Physics / Quantum-Mechanics / Theories");
        Assert.Equal(1, counter.SelectsFrom("content_metadata"));
        Assert.Equal(1, counter.SelectsFrom("religion_hierarchy"));
        Assert.Equal(1, counter.SelectsFrom("science_hierarchy"));
        Assert.Equal(1, counter.SelectsFrom("work_items"));
        Assert.Equal(1, counter.SelectsFrom("pull_requests"));
    }

    [Fact]
    public async Task The_metadata_preset_keeps_only_doctrine_content_and_the_hierarchy_preset_only_baptist_content()
    {
        var (world, content) = await ArrangeAsync();

        var doctrine = await SearchAsync(world, world.As(Analyst), SearchPresets.SemanticWithMetadata.Request with { Collection = content });
        var baptist = await SearchAsync(world, world.As(Analyst), SearchPresets.HierarchyNavigation.Request with { Collection = content });

        Assert.Equal(4, doctrine.Hits.Count);
        Assert.All(doctrine.Hits, h => Assert.Equal("Doctrine", h.ContentType));
        Assert.StartsWith("Believer's Baptism and Salvation", doctrine.Hits[0].Title);
        Assert.Equal(3, baptist.Hits.Count);
        Assert.All(baptist.Hits, h => Assert.StartsWith("Christianity / Protestant-Baptist /", h.HierarchyPath));
        Assert.Equal([KeyValuePair.Create("Doctrine", 2), KeyValuePair.Create("Principle", 1)], baptist.Facets.ByContentType);
    }

    [Fact]
    public async Task Cross_subject_pages_follow_each_other_without_repeats_or_gaps_and_report_diversity()
    {
        var (world, content) = await ArrangeAsync();
        var request = SearchPresets.CrossSubject.Request with { Collection = content, Limit = 4 };

        var all = await SearchAsync(world, world.As(Analyst), request with { Limit = 12 });
        var pages = new List<SearchHit>();
        for (var offset = 0; offset < 12; offset += 4)
            pages.AddRange((await SearchAsync(world, world.As(Analyst), request with { Offset = offset })).Hits);

        Assert.Equal(all.Hits.Select(h => h.PointId), pages.Select(h => h.PointId));
        Assert.Equal(Enumerable.Range(1, 9), pages.Select(h => h.Rank));
        Assert.Equal(2, all.Facets.ByHierarchyTable.Count);
        Assert.Equal(4, all.Facets.DistinctBranches); // Christianity, Islam, Buddhism; Physics in science_hierarchy
        Assert.Equal(5, all.Facets.DistinctLimbs); // Protestant-Baptist, Catholic, Sunni, Theravada, Quantum-Mechanics
        Assert.Equal(
            [
                new FacetGroup(HierarchyTables.Religion, "Doctrine", 4, Branches: 2, Limbs: 3), // Baptist twice, Catholic, Sunni
                new FacetGroup(HierarchyTables.Religion, "Practice", 1, 1, 1),
                new FacetGroup(HierarchyTables.Religion, "Principle", 1, 1, 1),
                new FacetGroup(HierarchyTables.Religion, "Teaching", 1, 1, 1),
                new FacetGroup(HierarchyTables.Religion, "Theology", 1, 1, 1),
                new FacetGroup(HierarchyTables.Science, "Theory", 1, 1, 1),
            ],
            all.Facets.ByTableAndType);
        // A page's groups count that page's hits.
        Assert.Equal(4, (await SearchAsync(world, world.As(Analyst), request with { Offset = 4 })).Facets.ByTableAndType.Sum(g => g.Count));
    }

    [Fact]
    public async Task Compare_mode_shows_the_overlap_of_two_collections_and_find_similar_leaves_the_point_out()
    {
        var (world, content) = await ArrangeAsync();
        var mixed = await CreateMixedCollectionAsync(world);
        await using var scope = world.Scope(world.As(Analyst));
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();

        var compared = await search.CompareAsync(
            new SearchRequest { Query = "baptism", Collection = content, Limit = 5 },
            new SearchRequest { Query = "baptism", Collection = mixed, Limit = 5 });
        var first = compared.Left.Hits[0];
        var similar = await search.FindSimilarAsync(new SearchRequest { Collection = content, Limit = 3 }, first.PointId);

        Assert.Contains(first.SourceKey, compared.SharedKeys);
        Assert.InRange(compared.OverlapRatio, 0.1, 1);
        Assert.NotNull(compared.Right.Embedding);
        Assert.Equal(3, similar.Hits.Count);
        Assert.DoesNotContain(similar.Hits, h => h.PointId == first.PointId);
        Assert.True(similar.Hits[0].Score >= similar.Hits[^1].Score);
        Assert.Null(similar.Embedding);
    }

    [Fact]
    public async Task The_demo_content_collection_is_built_once_and_left_alone_afterwards()
    {
        var (world, content) = await ArrangeAsync();
        await using var scope = world.Scope(SystemTenantContext.Platform);
        var store = scope.ServiceProvider.GetRequiredService<IVectorStore>();
        var before = await store.CountAsync(content);

        var created = await scope.ServiceProvider.GetRequiredService<ContentCollectionBuilder>().EnsureAsync(world.Acme);

        Assert.False(created);
        Assert.Equal(9, before);
        Assert.Equal(before, await store.CountAsync(content));
        Assert.True(await store.CollectionExistsAsync(CollectionNames.ForTenant(world.Globex, ContentCollectionBuilder.LogicalName)));
    }

    [Fact]
    public async Task Hierarchy_navigation_lists_a_branch_newest_first_with_counts_by_type_in_pages_without_repeats()
    {
        var (world, _) = await ArrangeAsync();
        await using var scope = world.Scope(world.As(Analyst));
        var browser = scope.ServiceProvider.GetRequiredService<HierarchyBrowser>();
        var branch = new HierarchyScope(HierarchyTables.Religion, "Christianity", "Protestant-Baptist");

        var first = await browser.BrowseAsync(branch, page: 0, pageSize: 2);
        var second = await browser.BrowseAsync(branch, page: 1, pageSize: 2);
        var whole = await browser.BrowseAsync(new HierarchyScope(HierarchyTables.Religion, "Christianity"));

        Assert.Equal(3, first.Total);
        Assert.Equal([KeyValuePair.Create("Doctrine", 2), KeyValuePair.Create("Principle", 1)], first.CountsByType);
        Assert.True(first.HasNext);
        Assert.False(second.HasNext);
        var listed = first.Items.Concat(second.Items).ToList();
        Assert.Equal(3, listed.Select(i => i.Id).Distinct().Count());
        Assert.True(listed.Zip(listed.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt));
        Assert.All(listed, i => Assert.StartsWith("Christianity / Protestant-Baptist /", i.Path));
        Assert.Equal(5, whole.Total); // the Catholic limb joins
    }

    /// <summary>Acme's content, work items and pull requests in one collection, as the indexing payload names them.</summary>
    private static async Task<string> CreateMixedCollectionAsync(SearchWorld world)
    {
        var name = CollectionNames.ForTenant(world.Acme, "mixed-" + Guid.NewGuid().ToString("N")[..8]);
        await using var scope = world.Scope(SystemTenantContext.ForTenant(world.Acme));
        var db = scope.ServiceProvider.GetRequiredService<PulseDbContext>();
        var rows = new List<(string Table, int Id, string Text)>();
        rows.AddRange(await db.Content.Select(c => new ValueTuple<string, int, string>("content_metadata", c.Id, c.Title + " " + c.ContentSummary)).ToListAsync());
        rows.AddRange(await db.WorkItems.Select(w => new ValueTuple<string, int, string>("work_items", w.Id, w.Summary + " " + w.Description)).ToListAsync());
        rows.AddRange(await db.PullRequests.Select(p => new ValueTuple<string, int, string>("pull_requests", p.Id, p.Title + " " + p.Description)).ToListAsync());
        var vectors = await scope.ServiceProvider.GetRequiredService<IEmbeddingService>().EmbedAsync(world.Acme, [.. rows.Select(r => r.Text)]);
        var store = scope.ServiceProvider.GetRequiredService<IVectorStore>();
        await store.CreateCollectionAsync(name, new CollectionDefinition(vectors.Dimension, Distance.Cosine));
        await store.UpsertAsync(name, [.. rows.Select((r, i) => new VectorPoint(
            ContentCollectionBuilder.PointIdFor(world.Acme, r.Id, r.Table), vectors.Vectors[i],
            new JsonObject { ["table_name"] = r.Table, ["record_id"] = r.Id }))]);
        Assert.Equal(HierarchyTables.Religion, (await db.Content.FirstAsync()).HierarchyTable);
        return name;
    }

    [Fact]
    public async Task A_vector_store_outage_fails_the_search_with_a_message_and_the_next_search_after_it_works()
    {
        var outage = new Pulse.Core.Tests.Indexing.VectorStoreOutage();
        await using var world = await SearchWorld.CreateAsync(postgres, outage.Wrap);
        var content = CollectionNames.ForTenant(world.Acme, ContentCollectionBuilder.LogicalName);
        outage.Down = true;

        var ex = await Assert.ThrowsAsync<SearchFailedException>(() => SearchAsync(world, world.As(Analyst), new SearchRequest { Query = "baptism", Collection = content }));

        Assert.Contains("vector store is not answering", ex.Message);
        outage.Down = false;
        var response = await SearchAsync(world, world.As(Analyst), new SearchRequest { Query = "baptism", Collection = content });
        Assert.NotEmpty(response.Hits);
    }
}
