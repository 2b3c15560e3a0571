using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;
using Pulse.Core.Data.Entities;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.Tests.Testing;
using Pulse.Core.VectorStore;
using Pulse.Testing.Http;
using Pulse.Testing.OpenApi;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Search;

/// <summary>
/// Seed 003's hybrid queries over the collections the real indexing pipeline built for the demo (content, work items,
/// pull requests: payloads with only <c>table_name</c> and <c>record_id</c>), and provider failures as messages.
/// Real PostgreSQL, the embedded store, the built-in embedder.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchBusinessDataTests(PostgresServerFixture postgres, SearchWorldFixture worlds) : IClassFixture<SearchWorldFixture>
{
    private const string Analyst = "analyst@acme.test";

    private async Task<SearchWorld> WorldAsync() => await worlds.GetAsync(postgres);

    private static string Indexed(SearchWorld world, string table) => CollectionNames.ForTenant(world.Acme, table);

    private static async Task<SearchResponse> SearchAsync(SearchWorld world, SearchRequest request)
    {
        await using var scope = world.Scope(world.As(Analyst));
        return await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(request);
    }

    [Fact]
    public async Task Work_items_are_filtered_by_item_type_and_creation_window_resolved_in_postgres()
    {
        var world = await WorldAsync();
        var workItems = Indexed(world, "work_items");
        await using (var scope = world.Scope(SystemTenantContext.ForTenant(world.Acme)))
        {
            var db = scope.ServiceProvider.GetRequiredService<PulseDbContext>();
            var old = await db.WorkItems.SingleAsync(w => w.Summary == "Login page rejects valid passwords after reset");
            old.CreatedAt = DateTimeOffset.UtcNow.AddDays(-200);
            await db.SaveChangesAsync();
        }

        var request = new SearchRequest { Query = "replica lag makes dashboards stale", Collection = workItems, ContentType = "Bug" };
        var bugs = await SearchAsync(world, request);
        var recentBugs = await SearchAsync(world, request with { CreatedWithinDays = 90 });
        var everything = await SearchAsync(world, request with { ContentType = null });

        Assert.Equal(["Replica lag makes dashboards stale", "Login page rejects valid passwords after reset"], bugs.Hits.Select(h => h.Title));
        Assert.All(bugs.Hits, h => Assert.Equal("Bug", h.ContentType));
        Assert.Equal("work_items", bugs.Hits[0].SourceTable);
        Assert.Matches(@"^PLAT-\d+ · Bug · In Review$", bugs.Hits[0].SourceLabel);
        Assert.Equal(["Replica lag makes dashboards stale"], recentBugs.Hits.Select(h => h.Title));
        Assert.Equal(7, everything.Hits.Count);
        Assert.Equal([KeyValuePair.Create("Story", 3), KeyValuePair.Create("Bug", 2), KeyValuePair.Create("Epic", 1), KeyValuePair.Create("Task", 1)],
            everything.Facets.ByContentType);
    }

    [Fact]
    public async Task Pull_requests_answer_to_their_own_type_and_a_type_they_cannot_have_finds_nothing_without_a_misleading_notice()
    {
        var world = await WorldAsync();
        var pullRequests = Indexed(world, "pull_requests");

        var all = await SearchAsync(world, new SearchRequest { Query = "circuit breaker", Collection = pullRequests, ContentType = "pull request", CreatedWithinDays = 30 });
        var none = await SearchAsync(world, new SearchRequest { Query = "circuit breaker", Collection = pullRequests, ContentType = "Bug" });

        Assert.Equal(5, all.Hits.Count);
        Assert.Equal("Circuit breaker for embedding providers", all.Hits[0].Title);
        Assert.All(all.Hits, h => Assert.Equal("pull_requests", h.SourceTable));
        Assert.Empty(none.Hits);
        Assert.Null(none.Notice);
    }

    [Fact]
    public async Task The_three_hybrid_presets_work_over_the_pipeline_indexed_content_collection()
    {
        var world = await WorldAsync();
        var content = Indexed(world, "content_metadata");
        await using (var scope = world.Scope(SystemTenantContext.Platform))
        {
            var info = await scope.ServiceProvider.GetRequiredService<IVectorStore>().GetCollectionInfoAsync(content);
            Assert.False(info.PayloadSchema.ContainsKey("leaf_id")); // the pipeline's payload: the restrictions go through PostgreSQL
        }

        var baptist = await SearchAsync(world, SearchPresets.HierarchyNavigation.Request with { Collection = content });
        var doctrine = await SearchAsync(world, SearchPresets.SemanticWithMetadata.Request with { Collection = content });
        var cross = SearchPresets.CrossSubject.Request with { Collection = content, Limit = 4 };
        var whole = await SearchAsync(world, cross with { Limit = 12 });
        var pages = new List<SearchHit>();
        for (var offset = 0; offset < 12; offset += 4)
            pages.AddRange((await SearchAsync(world, cross with { Offset = offset })).Hits);

        Assert.Equal(3, baptist.Hits.Count);
        Assert.All(baptist.Hits, h => Assert.StartsWith("Christianity / Protestant-Baptist /", h.HierarchyPath));
        Assert.Equal([KeyValuePair.Create("Doctrine", 2), KeyValuePair.Create("Principle", 1)], baptist.Facets.ByContentType);
        Assert.Equal(4, doctrine.Hits.Count);
        Assert.All(doctrine.Hits, h => Assert.Equal("Doctrine", h.ContentType));
        Assert.StartsWith("Believer's Baptism and Salvation", doctrine.Hits[0].Title);
        Assert.Equal("Christianity / Protestant-Baptist / Doctrines", doctrine.Hits[0].HierarchyPath);
        Assert.Equal(whole.Hits.Select(h => h.PointId), pages.Select(h => h.PointId));
        Assert.Equal(Enumerable.Range(1, 9), pages.Select(h => h.Rank));
        Assert.Equal([HierarchyTables.Religion, HierarchyTables.Science], whole.Facets.ByHierarchyTable.Select(p => p.Key).Order());
        Assert.Equal(4, whole.Facets.DistinctBranches);
        Assert.Equal(5, whole.Facets.DistinctLimbs);
    }

    [Fact]
    public async Task Find_similar_keeps_the_restrictions_of_the_search_it_came_from()
    {
        var world = await WorldAsync();
        var workItems = Indexed(world, "work_items");
        var request = new SearchRequest { Query = "search", Collection = workItems, ContentType = "Story", Limit = 5 };
        var stories = await SearchAsync(world, request);

        await using var scope = world.Scope(world.As(Analyst));
        var similar = await scope.ServiceProvider.GetRequiredService<SearchService>().FindSimilarAsync(request, stories.Hits[0].PointId);

        Assert.Equal(2, similar.Hits.Count); // the other two stories, never the epic, bugs or task
        Assert.All(similar.Hits, h => Assert.Equal("Story", h.ContentType));
        Assert.DoesNotContain(similar.Hits, h => h.PointId == stories.Hits[0].PointId);
    }

    [SpecFact(SpecsFolder.Tei)]
    public async Task A_query_the_provider_refuses_as_too_long_and_a_provider_down_without_fallback_are_explained()
    {
        var world = await WorldAsync();
        var content = Indexed(world, "content");
        await using var tei = await SpecCheckedServer.StartAsync(PublishedSpecs.Tei, _ => Task.FromResult(LoopbackResponse.Json(
            """{"error":"Input validation error: `inputs` must have less than 512 tokens. Given: 611","error_type":"Validation"}""", 413)));
        var tooLong = await AddIntegrationAsync(world, "TEI with a 512-token limit", tei.BaseAddress);
        var down = await AddIntegrationAsync(world, "TEI that is down", LoopbackHttpServer.UnusedAddress());
        var query = string.Join(' ', Enumerable.Repeat("doctrine", 200));

        await using var scope = world.Scope(world.As(Analyst));
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();
        var refused = await Assert.ThrowsAsync<SearchFailedException>(() => search.SearchAsync(new SearchRequest { Query = query, Collection = content, IntegrationId = tooLong }));
        var unreachable = await Assert.ThrowsAsync<SearchFailedException>(() => search.SearchAsync(new SearchRequest { Query = "baptism", Collection = content, IntegrationId = down }));

        tei.AssertTrafficMatchesSpec();
        Assert.StartsWith("The query could not be embedded: ", refused.Message);
        Assert.Contains("must have less than 512 tokens", refused.Message);
        Assert.Contains("at 1,799 characters (about 450 tokens) it may be over that model's input limit; shorten it", refused.Message);
        Assert.Contains("'TEI that is down'", unreachable.Message);
        Assert.Contains("It has no fallback integration to stand in for it", unreachable.Message);
    }

    /// <summary>A Sentence Transformers integration of Acme in the built-in embedder's vector space (so the dimension check passes).</summary>
    private static async Task<int> AddIntegrationAsync(SearchWorld world, string name, Uri address)
    {
        await using var scope = world.Scope(SystemTenantContext.ForTenant(world.Acme));
        var db = scope.ServiceProvider.GetRequiredService<PulseDbContext>();
        var row = new Integration { TenantId = world.Acme };
        IntegrationMapping.Apply(new IntegrationSpec
        {
            Id = 0, Name = name, Kind = ProviderKind.SentenceTransformers, BaseUrl = address.ToString(),
            Model = BuiltInEmbeddingChainResolver.BuiltIn.Model, Dimension = 384,
            Performance = new PerformanceConfig(TimeoutSeconds: 5, MaxRetries: 0),
        }, active: true, row);
        db.Integrations.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }
}
