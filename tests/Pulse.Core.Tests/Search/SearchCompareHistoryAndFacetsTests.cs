using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Search;

/// <summary>
/// Comparisons in the history, the history's pruning, and facets over the whole result rather than the page shown:
/// real PostgreSQL, the embedded store, the built-in embedder, the demo data.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchCompareHistoryAndFacetsTests(PostgresServerFixture postgres, SearchWorldFixture worlds) : IClassFixture<SearchWorldFixture>
{
    [Fact]
    public async Task A_comparison_is_one_history_entry_naming_both_sides_and_re_running_it_restores_compare_mode()
    {
        var world = await worlds.GetAsync(postgres);
        var user = await world.AddUserAsync(world.Acme);
        var content = CollectionNames.ForTenant(world.Acme, ContentCollectionBuilder.LogicalName);
        var indexed = CollectionNames.ForTenant(world.Acme, "content_metadata");
        var left = new SearchRequest { Query = "baptism salvation doctrine", Collection = content, Limit = 5 };
        await using var scope = world.Scope(user);
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();

        var compared = await search.CompareAsync(left, left with { Collection = indexed });
        var entries = await scope.ServiceProvider.GetRequiredService<SearchHistory>().ListAsync();

        var entry = Assert.Single(entries);
        Assert.True(entry.IsComparison);
        Assert.Equal("baptism salvation doctrine", entry.QueryText);
        Assert.Equal(content, entry.CollectionName);
        Assert.Equal(indexed, entry.CompareCollectionName);
        Assert.Equal("Built-in lexical embedder", entry.IntegrationName);
        Assert.Equal("Built-in lexical embedder", entry.CompareIntegrationName);
        Assert.Equal(5, entry.ResultCount);
        Assert.Equal(5, entry.CompareResultCount);
        Assert.Equal(compared.SharedKeys.Count, entry.SharedCount);
        Assert.Equal(compared.Left.Timing.TotalMs, entry.TotalMs, 3);
        Assert.Equal(compared.Right.Timing.TotalMs, entry.CompareTotalMs!.Value, 3);
        var shared = entry.ToShared();
        Assert.Equal(left, shared.Request);
        Assert.Equal(new CompareTarget(indexed, null), shared.Compare);
        Assert.Equal(compared.Right.Request, shared.Compare!.Apply(shared.Request));

        // A plain search afterwards is an entry of its own, not a comparison.
        await search.SearchAsync(left);
        var after = await scope.ServiceProvider.GetRequiredService<SearchHistory>().ListAsync();
        Assert.Equal([false, true], after.Select(e => e.IsComparison));
        Assert.Null(after[0].ToShared().Compare);
    }

    [Fact]
    public async Task Recording_keeps_exactly_the_newest_fifty_entries_of_the_user_with_one_delete_and_no_select_of_stale_ids()
    {
        var world = await worlds.GetAsync(postgres);
        var (user, colleague) = (await world.AddUserAsync(world.Acme), await world.AddUserAsync(world.Acme));
        var (userId, colleagueId) = (int.Parse(user.UserId!), int.Parse(colleague.UserId!));
        await using (var seed = world.Scope(SystemTenantContext.ForTenant(world.Acme)))
        {
            var db = seed.ServiceProvider.GetRequiredService<PulseDbContext>();
            var set = db.Set<SearchHistoryEntry>();
            for (var i = 0; i < 60; i++)
                set.Add(new SearchHistoryEntry { TenantId = world.Acme, UserId = userId, QueryText = $"old {i}", CollectionName = "client_1_content", CreatedAt = DateTimeOffset.UtcNow.AddMinutes(i - 100) });
            for (var i = 0; i < 3; i++)
                set.Add(new SearchHistoryEntry { TenantId = world.Acme, UserId = colleagueId, QueryText = $"colleague {i}", CollectionName = "client_1_content" });
            await db.SaveChangesAsync();
        }

        using var counter = new CommandCounter(world.DatabaseName);
        await using (var scope = world.Scope(user))
            await scope.ServiceProvider.GetRequiredService<SearchHistory>().RecordAsync(Response("newest"));

        var history = counter.Commands.Where(c => c.Contains("search_history", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, history.Count); // the INSERT and one DELETE
        Assert.StartsWith("INSERT", history[0].TrimStart());
        Assert.StartsWith("DELETE", history[1].TrimStart());
        await using var check = world.Scope(SystemTenantContext.ForTenant(world.Acme));
        var rows = check.ServiceProvider.GetRequiredService<PulseDbContext>().Set<SearchHistoryEntry>();
        var kept = await rows.Where(e => e.UserId == userId).OrderByDescending(e => e.Id).Select(e => e.QueryText).ToListAsync();
        Assert.Equal(SearchHistory.Kept, kept.Count);
        Assert.Equal(["newest", .. Enumerable.Range(11, 49).Reverse().Select(i => $"old {i}")], kept);
        Assert.Equal(3, await rows.CountAsync(e => e.UserId == colleagueId));
    }

    [Fact]
    public async Task Facets_of_a_later_page_describe_every_match_once_asked_for_the_whole_result()
    {
        var world = await worlds.GetAsync(postgres);
        var content = CollectionNames.ForTenant(world.Acme, ContentCollectionBuilder.LogicalName);
        await using var scope = world.Scope(world.As("analyst@acme.test"));
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();
        var request = new SearchRequest { Query = "theory of truth, faith and interpretation", Collection = content, Limit = 4 };

        var second = await search.SearchAsync(request with { Offset = 4 });
        var whole = await search.FacetsAsync(second);
        var onOnePage = await search.SearchAsync(request with { Limit = 50 });

        Assert.Equal(FacetScope.Page, second.Facets.Scope);
        Assert.Equal(4, second.Facets.Covered);
        Assert.Equal("of the 4 hits on this page", second.Facets.Coverage);
        Assert.Equal(FacetScope.AllMatches, whole.Scope);
        Assert.Equal(9, whole.Covered);
        Assert.Equal("of all 9 matches", whole.Coverage);
        Assert.Equal(
            [KeyValuePair.Create("Doctrine", 4), KeyValuePair.Create("Practice", 1), KeyValuePair.Create("Principle", 1),
             KeyValuePair.Create("Teaching", 1), KeyValuePair.Create("Theology", 1), KeyValuePair.Create("Theory", 1)],
            whole.ByContentType);
        Assert.Equal([KeyValuePair.Create("religion_hierarchy", 8), KeyValuePair.Create("science_hierarchy", 1)], whole.ByHierarchyTable);
        Assert.Equal(4, whole.DistinctBranches);
        Assert.Equal(5, whole.DistinctLimbs);
        // The whole result read from narrow columns agrees with the hydrated hits of a page that holds it all.
        Assert.Equal(FacetScope.AllMatches, onOnePage.Facets.Scope);
        Assert.Equal(onOnePage.Facets.ByTableAndType, whole.ByTableAndType);
        Assert.Same(onOnePage.Facets, await search.FacetsAsync(onOnePage));
    }

    [Fact]
    public async Task Facets_of_a_large_result_count_the_top_thousand_matches_without_hydrating_them()
    {
        var world = await worlds.GetAsync(postgres);
        var name = CollectionNames.ForTenant(world.Acme, "facets-" + Guid.NewGuid().ToString("N")[..8]);
        int[] doctrines;
        int theory;
        await using (var admin = world.Scope(SystemTenantContext.ForTenant(world.Acme)))
        {
            var db = admin.ServiceProvider.GetRequiredService<PulseDbContext>();
            doctrines = [.. await db.Content.Where(c => c.ContentType == "Doctrine").OrderBy(c => c.Id).Select(c => c.Id).ToListAsync()];
            theory = await db.Content.Where(c => c.ContentType == "Theory").Select(c => c.Id).SingleAsync();
        }

        // 1,001 points along one axis naming Doctrine rows, 20 on the opposite side naming the Theory row: the neighbours
        // of point 1 (itself left out) are exactly the other 1,000 Doctrine points, and 20 matches lie beyond the cap.
        var store = world.Get<IVectorStore>();
        await store.CreateCollectionAsync(name, new CollectionDefinition(384, Distance.Cosine));
        var random = new Random(5);
        VectorPoint Point(ulong id, float axis, int record)
        {
            var vector = new float[384];
            vector[0] = axis;
            vector[1 + random.Next(383)] = 0.01f;
            return new VectorPoint(id, vector, new JsonObject { ["table_name"] = "content_metadata", ["record_id"] = record });
        }

        await store.UpsertAsync(name, [
            .. Enumerable.Range(1, 1001).Select(i => Point((ulong)i, 1, doctrines[i % doctrines.Length])),
            .. Enumerable.Range(2001, 20).Select(i => Point((ulong)i, -1, theory)),
        ]);
        await using var scope = world.Scope(world.As("analyst@acme.test"));
        var search = scope.ServiceProvider.GetRequiredService<SearchService>();
        var similar = await search.FindSimilarAsync(new SearchRequest { Collection = name, Limit = 10 }, 1UL);

        using var counter = new CommandCounter(world.DatabaseName);
        var facets = await search.FacetsAsync(similar);

        Assert.Equal(10, similar.Facets.Covered);
        Assert.Equal(FacetScope.TopMatches, facets.Scope);
        Assert.Equal(SearchFacets.Cap, facets.Covered);
        Assert.Equal("of the top 1,000 matches", facets.Coverage);
        Assert.Equal([KeyValuePair.Create("Doctrine", 1000)], facets.ByContentType);
        Assert.Equal([KeyValuePair.Create("religion_hierarchy", 1000)], facets.ByHierarchyTable);
        Assert.Equal(1000, facets.ByTableAndType.Sum(g => g.Count));
        // Only the columns the figures need: one narrow read of the rows, one of their leaves, no hydration's summaries.
        Assert.Equal(1, counter.SelectsFrom("content_metadata"));
        Assert.Equal(1, counter.SelectsFrom("religion_hierarchy"));
        Assert.DoesNotContain(counter.Commands, c => c.Contains("content_summary", StringComparison.Ordinal));
    }

    private static SearchResponse Response(string query) => new()
    {
        Request = new SearchRequest { Query = query, Collection = "client_1_content" },
        Hits = [],
        Timing = new SearchTiming(0, 0, 0, 1),
        Dimension = 384,
        Facets = SearchFacets.From([]),
    };
}
