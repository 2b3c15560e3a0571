using System.Text.Json.Nodes;
using Pulse.Core.Collections;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;
using static Pulse.Core.VectorStore.Filters.Condition;
using Filter = Pulse.Core.VectorStore.Filters.Filter;

namespace Pulse.Core.Tests.Collections;

/// <summary>The read side of the collections page over the embedded store, as a tenant's analyst sees it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CollectionBrowserTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private CollectionsHost _host = null!;

    public async Task InitializeAsync() => _host = await CollectionsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_list_shows_counts_configuration_indexes_and_aliases_of_the_tenants_collections_only()
    {
        var mine = await _host.SeedAsync(_host.TenantA, "docs", 12);
        await _host.SeedAsync(_host.TenantB, "docs", 3);
        await _host.Store.CreateCollectionAsync("general", new CollectionDefinition(8, Distance.Dot));
        await _host.Store.UpdateAliasesAsync([AliasChange.Create(mine.Replace("docs", "current"), mine)]);

        var rows = await _host.AsAnalyst(_host.TenantA).Get<CollectionBrowser>().ListAsync();

        var row = Assert.Single(rows);
        Assert.Equal((mine, "Tenant", 12L, 4, Distance.Cosine), (row.Name, row.Scope, row.PointsCount, row.VectorSize, row.Distance));
        Assert.Equal(["color (keyword)"], row.PayloadIndexes);
        Assert.Equal([$"client_{_host.TenantA}_current"], row.Aliases);
        Assert.Equal(12L * 4 * sizeof(float), row.EstimatedSizeBytes);
        Assert.Null(row.SchemaVersion);
    }

    [Fact]
    public async Task Ops_also_see_platform_collections_and_analysts_do_not()
    {
        await _host.SeedAsync(_host.TenantA, "docs", 2);
        await _host.Store.CreateCollectionAsync("general", new CollectionDefinition(8, Distance.Dot));

        var ops = await _host.AsOps(_host.TenantA).Get<CollectionBrowser>().ListAsync();
        var analyst = await _host.AsAnalyst(_host.TenantA).Get<CollectionBrowser>().ListAsync();

        Assert.Contains(ops, r => r.Name == "general" && r.Scope == "Platform");
        Assert.DoesNotContain(analyst, r => r.Name == "general");
    }

    [Fact]
    public async Task Points_are_paged_by_cursor_with_the_matching_count_and_every_point_seen_once()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 45);
        var browser = _host.AsAnalyst(_host.TenantA).Get<CollectionBrowser>();
        var filter = Filter.All(Match("color", "red"));

        var seen = new List<ulong>();
        PointId? cursor = null;
        var pages = 0;
        do
        {
            var page = await browser.BrowseAsync(name, filter, cursor, 4);
            Assert.Equal(15, page.MatchingCount);
            Assert.True(page.Points.Count <= 4);
            seen.AddRange(page.Points.Select(p => p.Id.Number));
            cursor = page.NextOffset;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(15, seen.Distinct().Count());
        Assert.Equal(4, pages);
        Assert.All(seen, id => Assert.Equal(0UL, id % 3));
        await Assert.ThrowsAsync<ValidationFailedException>(() => browser.BrowseAsync(name, null, null, 5000));
    }

    [Fact]
    public async Task Detail_lists_payload_fields_with_types_and_index_and_keyword_facets_count_values()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 30);
        var browser = _host.AsAnalyst(_host.TenantA).Get<CollectionBrowser>();

        var detail = await browser.GetAsync(name);
        var facets = await browser.FacetAsync(name, "color");

        Assert.False(detail.CanManage);
        Assert.Empty(detail.Snapshots);
        Assert.Equal(["author.name", "color", "n", "tags"], detail.PayloadFields.Select(f => f.Path));
        var color = detail.PayloadFields.Single(f => f.Path == "color");
        Assert.Equal((PayloadFieldType.Keyword, 30, true), (color.IndexType!.Value, color.SampledPoints, color.IsKeywordLike));
        Assert.Equal(["integer"], detail.PayloadFields.Single(f => f.Path == "n").ObservedTypes);
        Assert.Equal([("blue", 10L), ("green", 10L), ("red", 10L)], facets.Select(f => (f.Value, f.Count)));
    }

    [Fact]
    public async Task Find_similar_returns_neighbours_without_the_point_itself()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 20);
        var browser = _host.AsAnalyst(_host.TenantA).Get<CollectionBrowser>();

        var similar = await browser.FindSimilarAsync(name, 7UL, limit: 3);

        Assert.Equal(3, similar.Count);
        Assert.DoesNotContain(similar, s => s.Id == 7UL);
        Assert.True(similar[0].Score >= similar[^1].Score);
        Assert.NotNull(await browser.GetPointAsync(name, 7UL));
        Assert.Null(await browser.GetPointAsync(name, 999UL));
    }

    [Fact]
    public async Task Facets_count_the_whole_collection_so_a_value_first_seen_after_point_2000_is_offered_with_its_exact_count()
    {
        var name = await _host.SeedAsync(_host.TenantA, "big", 3_000);
        await _host.Store.SetPayloadAsync(name, new JsonObject { ["color"] = "violet" },
            PointSelector.Ids([.. Enumerable.Range(2_501, 7).Select(i => PointId.FromNumber((ulong)i))]));
        await _host.Store.SetPayloadAsync(name, new JsonObject { ["label"] = "late" }, PointSelector.Ids(2_999UL));
        var browser = _host.AsAnalyst(_host.TenantA).Get<CollectionBrowser>();

        var colors = await browser.FacetAsync(name, "color");
        var labels = await browser.FacetAsync(name, "label");
        var filtered = await browser.FacetAsync(name, "color", Filter.All(Range("n", gt: 2_500)), limit: 2);

        Assert.True(colors.Exact);
        Assert.Equal((3_000L, 3_000L), (colors.TotalPoints, colors.SampledPoints));
        Assert.Equal([("green", 998L), ("red", 998L), ("blue", 997L), ("violet", 7L)], colors.Select(f => (f.Value, f.Count)));
        Assert.Equal([new FacetValue("late", 1)], labels.Values);
        Assert.True(filtered.Exact);
        Assert.Equal(500, filtered.TotalPoints);
        Assert.Equal([("red", 165L), ("blue", 164L)], filtered.Select(f => (f.Value, f.Count)));
    }

    [Fact]
    public async Task A_store_that_cannot_facet_the_field_is_answered_from_a_sample_that_says_so()
    {
        var name = await _host.SeedAsync(_host.TenantA, "unindexed", 2_300);
        var tenant = TestTenantContext.User(_host.TenantA, PulseRoles.Analyst);
        var noFacets = System.Reflection.DispatchProxy.Create<IVectorStore, NoFacetStore>();
        ((NoFacetStore)(object)noFacets).Inner = _host.Store;
        var browser = new CollectionBrowser(new TenantVectorStore(noFacets, tenant), tenant, null!);

        var colors = await browser.FacetAsync(name, "color");

        Assert.False(colors.Exact);
        Assert.True(colors.IsSample);
        Assert.Equal((2_300L, (long)CollectionBrowser.FacetSampleSize), (colors.TotalPoints, colors.SampledPoints));
        Assert.Equal(CollectionBrowser.FacetSampleSize, colors.Sum(f => f.Count));
    }

    /// <summary>A store like Qdrant without a payload index on the faceted key: its facet is refused, everything else passes.</summary>
    public class NoFacetStore : System.Reflection.DispatchProxy
    {
        public IVectorStore Inner { get; set; } = null!;

        protected override object? Invoke(System.Reflection.MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(IVectorStore.FacetAsync)
                ? Task.FromException<IReadOnlyList<FacetHit>>(new PayloadIndexRequiredException((string)args![0]!, (string)args[1]!, "no index"))
                : targetMethod.Invoke(Inner, args);
    }
}
