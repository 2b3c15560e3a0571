using System.Text.Json.Nodes;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;
using Pulse.Testing.Postgres;
using static Pulse.Core.VectorStore.Filters.Condition;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>
/// Where the embedded store's facet promises more than Qdrant's: it needs no payload index (it reads the payloads,
/// counting strings, integers and booleans alike), and its counts are always exact.
/// </summary>
public sealed class EmbeddedVectorStoreFacetTests(EmbeddedVectorStoreFixture fixture) : IClassFixture<EmbeddedVectorStoreFixture>, IAsyncLifetime
{
    private const int FacetPoints = FacetData.Points;
    private readonly List<string> _created = [];

    private IVectorStore Store => fixture.Store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in _created)
        {
            await Store.DeleteCollectionAsync(name);
        }
    }

    [Fact]
    public async Task Without_an_index_every_payload_is_read_and_the_counts_equal_a_brute_force_count()
    {
        var (name, payloads) = await FacetCollectionAsync();

        var colors = await Store.FacetAsync(name, "color", limit: 100);
        var tags = await Store.FacetAsync(name, "tags", limit: 100);
        var numbers = await Store.FacetAsync(name, "n", limit: 100);
        var flags = await Store.FacetAsync(name, "flag", limit: 100);

        Assert.Equal(BruteForce(payloads, "color", null), colors.Select(h => (h.Value, h.Count)));
        Assert.Equal((FilterValue.Keyword("rare"), 1L), colors.Select(h => (h.Value, h.Count)).Single(h => h.Value == FilterValue.Keyword("rare")));
        Assert.Equal(BruteForce(payloads, "tags", null), tags.Select(h => (h.Value, h.Count)));
        Assert.Equal(BruteForce(payloads, "n", null), numbers.Select(h => (h.Value, h.Count)));
        Assert.Equal([(FilterValue.Bool(false), FacetPoints / 2L), (FilterValue.Bool(true), FacetPoints / 2L)], flags.Select(h => (h.Value, h.Count)));
    }

    [Fact]
    public async Task An_index_on_the_key_gives_the_same_counts_as_the_scan()
    {
        var (name, _) = await FacetCollectionAsync();
        var scanned = await Store.FacetAsync(name, "color", limit: 100);
        var filter = Where(Range("n", gte: 2));
        var scannedFiltered = await Store.FacetAsync(name, "color", filter, limit: 100);

        await Store.CreatePayloadIndexAsync(name, "color", PayloadFieldType.Keyword);
        await Store.CreatePayloadIndexAsync(name, "n", PayloadFieldType.Integer);

        Assert.Equal(scanned, await Store.FacetAsync(name, "color", limit: 100));
        Assert.Equal(scannedFiltered, await Store.FacetAsync(name, "color", filter, limit: 100));
        // A filter the index narrows (match on an indexed key) and one it cannot (range) agree with the count of each value.
        foreach (var hit in await Store.FacetAsync(name, "color", Where(Match("n", 3)), limit: 100))
        {
            Assert.Equal(await Store.CountAsync(name, Where(Match("n", 3), Match("color", hit.Value))), hit.Count);
        }
    }

    [Fact]
    public async Task Mixed_values_of_one_key_are_ordered_by_count_then_strings_integers_booleans()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        string[] payloads =
        [
            """{"v":"b"}""", """{"v":"a"}""", """{"v":2}""", """{"v":10}""", """{"v":true}""", """{"v":["a","a",2]}""",
            """{"v":1.5}""", """{"v":{"nested":"x"}}""", """{"v":null}""", """{}""",
        ];
        await Store.UpsertAsync(name, [.. payloads.Select((p, i) => new VectorPoint((ulong)i + 1, [1, 0], Json(p)))]);

        var hits = await Store.FacetAsync(name, "v", limit: 10);

        Assert.Equal(["a (2)", "2 (2)", "b (1)", "10 (1)", "true (1)"], hits.Select(h => h.ToString()));
        Assert.Equal([FilterValueKind.Keyword, FilterValueKind.Integer, FilterValueKind.Keyword, FilterValueKind.Integer, FilterValueKind.Bool], hits.Select(h => h.Value.Kind));
    }

    [Fact]
    public async Task Updates_and_deletes_are_counted_and_an_unknown_field_is_empty()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        await Store.UpsertAsync(name, [.. Enumerable.Range(1, 10).Select(i => new VectorPoint((ulong)i, [1, 0], Json($$"""{"c":"{{(i <= 6 ? "x" : "y")}}"}""")))]);

        await Store.DeletePointsAsync(name, PointSelector.Ids(1UL, 2UL));
        await Store.SetPayloadAsync(name, Json("""{"c":"z"}"""), PointSelector.Ids(10UL));

        Assert.Equal(["x (4)", "y (3)", "z (1)"], (await Store.FacetAsync(name, "c")).Select(h => h.ToString()));
        Assert.Empty(await Store.FacetAsync(name, "no_such_field"));
        Assert.Empty(await Store.FacetAsync(name, "c", Where(Match("c", "nothing"))));
    }

    [Fact]
    public async Task A_limit_below_one_or_an_empty_key_is_a_validation_error()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);

        await AssertKind(VectorStoreErrorKind.Validation, () => Store.FacetAsync(name, "c", limit: 0));
        await AssertKind(VectorStoreErrorKind.Validation, () => Store.FacetAsync(name, " "));
    }

    [Fact]
    public async Task Through_the_tenant_store_a_tenant_facets_its_own_collection_and_is_refused_another_tenants()
    {
        var tenant = Random.Shared.Next(1_000, 1_000_000);
        var mine = CollectionNames.ForTenant(tenant, "facets_" + Guid.NewGuid().ToString("N")[..8]);
        var theirs = CollectionNames.ForTenant(tenant + 1, "facets_" + Guid.NewGuid().ToString("N")[..8]);
        foreach (var (collection, color) in new[] { (mine, "mine"), (theirs, "theirs") })
        {
            await fixture.Store.CreateCollectionAsync(collection, new CollectionDefinition(2, Distance.Dot));
            await fixture.Store.UpsertAsync(collection, [new VectorPoint(1UL, [1, 0], Json($$"""{"color":"{{color}}"}"""))]);
        }

        try
        {
            var user = new TenantVectorStore(fixture.Store, TestTenantContext.User(tenant));
            var admin = new TenantVectorStore(fixture.Store, TestTenantContext.Admin());

            Assert.Equal(["mine (1)"], (await user.FacetAsync(mine, "color")).Select(h => h.ToString()));
            var denied = await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => user.FacetAsync(theirs, "color"));
            Assert.Contains("another tenant", denied.Message);
            await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => user.FacetAsync("platform_general", "color"));
            Assert.Equal(["theirs (1)"], (await admin.FacetAsync(theirs, "color")).Select(h => h.ToString()));
        }
        finally
        {
            await fixture.Store.DeleteCollectionAsync(mine);
            await fixture.Store.DeleteCollectionAsync(theirs);
        }
    }

    private async Task<string> NewCollectionAsync(Distance distance, int size)
    {
        var name = $"facet_{Guid.NewGuid():N}";
        await Store.CreateCollectionAsync(name, new CollectionDefinition(size, distance));
        _created.Add(name);
        return name;
    }

    private async Task<(string Name, List<JsonObject> Payloads)> FacetCollectionAsync()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        return (name, await FacetData.SeedAsync(Store, name));
    }

    private static List<(FilterValue Value, long Count)> BruteForce(IEnumerable<JsonObject> payloads, string key, FilterValueKind? kind) =>
        FacetData.BruteForce(payloads, key, kind);

    private static async Task AssertKind(VectorStoreErrorKind kind, Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<VectorStoreException>(call);
        Assert.True(error.Kind == kind, $"Expected {kind}, got {error.Kind}: {error.Message}");
    }

    private static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    private static Filter Where(params Condition[] conditions) => Filter.All(conditions);
}
