using System.Text.Json.Nodes;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>The contract, run against the embedded store, and where the embedded store promises more than Qdrant.</summary>
public sealed class EmbeddedVectorStoreContractTests(EmbeddedVectorStoreFixture fixture)
    : VectorStoreContractTests, IClassFixture<EmbeddedVectorStoreFixture>
{
    protected override IVectorStore Store => fixture.Store;

    [Fact]
    public async Task A_payload_change_naming_one_missing_point_changes_none_of_the_named_points()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        await Store.UpsertAsync(name, [new VectorPoint(1UL, [1, 0], JsonNode.Parse("""{"n":1}""")!.AsObject())]);

        var error = await Assert.ThrowsAsync<VectorStoreException>(() =>
            Store.SetPayloadAsync(name, JsonNode.Parse("""{"n":2}""")!.AsObject(), PointSelector.Ids(1UL, 99UL)));

        Assert.Equal(VectorStoreErrorKind.NotFound, error.Kind);
        Assert.Equal("No point with id 99 found.", error.Message);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"n":1}"""), (await Store.GetPointsAsync(name, [1UL])).Single().Payload));
    }
}
