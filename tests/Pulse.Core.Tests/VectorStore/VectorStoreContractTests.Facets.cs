using System.Text.Json.Nodes;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;
using static Pulse.Core.VectorStore.Filters.Condition;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>
/// Facets with Qdrant's semantics. Qdrant facets only indexed keys, so these tests index every key they facet
/// (the embedded store's unindexed scan is covered by <see cref="EmbeddedVectorStoreFacetTests"/>).
/// </summary>
public abstract partial class VectorStoreContractTests
{
    private const int FacetPoints = FacetData.Points;

    [ContractFact]
    public async Task Facet_counts_every_point_exactly_including_a_rare_value_far_into_the_collection()
    {
        var (name, payloads) = await FacetCollectionAsync();
        await Store.CreatePayloadIndexAsync(name, "color", PayloadFieldType.Keyword);

        var hits = await Store.FacetAsync(name, "color", limit: 100, exact: true);

        Assert.Equal(BruteForce(payloads, "color", FilterValueKind.Keyword), hits.Select(h => (h.Value, h.Count)));
        Assert.Contains(hits, h => h.Value == FilterValue.Keyword("rare") && h.Count == 1);
        Assert.Equal(FacetPoints - (FacetPoints / 97), hits.Sum(h => h.Count));
    }

    [ContractFact]
    public async Task Facet_counts_a_value_repeated_in_an_array_once_per_point()
    {
        var (name, payloads) = await FacetCollectionAsync();
        await Store.CreatePayloadIndexAsync(name, "tags", PayloadFieldType.Keyword);

        var hits = await Store.FacetAsync(name, "tags", limit: 100, exact: true);

        Assert.Equal(BruteForce(payloads, "tags", FilterValueKind.Keyword), hits.Select(h => (h.Value, h.Count)));
        Assert.Equal(FacetPoints, hits.Single(h => h.Value == FilterValue.Keyword("y")).Count);
        Assert.Equal(FacetPoints / 5, hits.Single(h => h.Value == FilterValue.Keyword("x")).Count);
    }

    [ContractFact]
    public async Task Facet_reports_integer_and_boolean_values_with_their_indexes()
    {
        var (name, payloads) = await FacetCollectionAsync();
        await Store.CreatePayloadIndexAsync(name, "n", PayloadFieldType.Integer);
        await Store.CreatePayloadIndexAsync(name, "flag", PayloadFieldType.Bool);

        var numbers = await Store.FacetAsync(name, "n", limit: 100, exact: true);
        var flags = await Store.FacetAsync(name, "flag", limit: 100, exact: true);

        Assert.Equal(BruteForce(payloads, "n", FilterValueKind.Integer), numbers.Select(h => (h.Value, h.Count)));
        Assert.All(numbers, h => Assert.Equal(FilterValueKind.Integer, h.Value.Kind));
        Assert.Equal([(FilterValue.Bool(false), FacetPoints / 2L), (FilterValue.Bool(true), FacetPoints / 2L)], flags.Select(h => (h.Value, h.Count)));
    }

    [ContractFact]
    public async Task Facet_honours_the_filter_and_the_limit_most_points_first()
    {
        var (name, payloads) = await FacetCollectionAsync();
        await Store.CreatePayloadIndexAsync(name, "color", PayloadFieldType.Keyword);
        await Store.CreatePayloadIndexAsync(name, "flag", PayloadFieldType.Bool);
        var filter = Where(Match("flag", true));

        var filtered = await Store.FacetAsync(name, "color", filter, limit: 100, exact: true);
        var top = await Store.FacetAsync(name, "color", limit: 2, exact: true);

        var expected = BruteForce([.. payloads.Where(p => (bool)p["flag"]!)], "color", FilterValueKind.Keyword);
        Assert.Equal(expected, filtered.Select(h => (h.Value, h.Count)));
        Assert.DoesNotContain(filtered, h => h.Value == FilterValue.Keyword("rare"));
        Assert.Equal(BruteForce(payloads, "color", FilterValueKind.Keyword).Take(2), top.Select(h => (h.Value, h.Count)));
    }

    [ContractFact]
    public async Task Facet_of_an_unknown_collection_is_not_found()
    {
        await AssertKind(VectorStoreErrorKind.NotFound, () => Store.FacetAsync(UniqueName(), "color"));
    }

    private async Task<(string Name, List<JsonObject> Payloads)> FacetCollectionAsync()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        return (name, await FacetData.SeedAsync(Store, name));
    }

    private static List<(FilterValue Value, long Count)> BruteForce(IEnumerable<JsonObject> payloads, string key, FilterValueKind? kind) =>
        FacetData.BruteForce(payloads, key, kind);
}
