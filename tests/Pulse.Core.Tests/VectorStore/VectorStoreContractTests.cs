using System.Text.Json.Nodes;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>
/// What every <see cref="IVectorStore"/> must do, with Qdrant's semantics. Subclasses supply the store;
/// each test creates its own uniquely named collections and removes them afterwards.
/// </summary>
public abstract partial class VectorStoreContractTests : IAsyncLifetime
{
    private readonly List<string> _created = [];

    protected abstract IVectorStore Store { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var name in _created)
        {
            try
            {
                await Store.DeleteCollectionAsync(name);
            }
            catch (VectorStoreException)
            {
                // Best effort: a test may have deleted it already.
            }
        }
    }

    [ContractFact]
    public async Task Health_reports_healthy()
    {
        var health = await Store.GetHealthAsync();
        Assert.True(health.IsHealthy, health.Detail);
    }

    [ContractFact]
    public async Task Created_collection_is_listed_and_reports_its_config()
    {
        var name = await NewCollectionAsync(Distance.Dot, 4);

        Assert.Contains(name, await Store.ListCollectionsAsync());
        Assert.True(await Store.CollectionExistsAsync(name));
        var info = await Store.GetCollectionInfoAsync(name);
        Assert.Equal(name, info.Name);
        Assert.Equal(0, info.PointsCount);
        Assert.Equal(4, info.Config.VectorSize);
        Assert.Equal(Distance.Dot, info.Config.Distance);
        Assert.Equal(CollectionStatus.Green, info.Status);
    }

    [ContractFact]
    public async Task Creating_an_existing_collection_is_a_conflict()
    {
        var name = await NewCollectionAsync(Distance.Cosine, 4);

        var error = await Assert.ThrowsAsync<VectorStoreException>(
            () => Store.CreateCollectionAsync(name, new CollectionDefinition(4, Distance.Cosine)));
        Assert.Equal(VectorStoreErrorKind.Conflict, error.Kind);
        Assert.False(error.IsTransient);
    }

    [ContractFact]
    public async Task Unknown_collection_is_not_found_for_every_kind_of_call()
    {
        var name = UniqueName();
        await AssertKind(VectorStoreErrorKind.NotFound, () => Store.GetCollectionInfoAsync(name));
        await AssertKind(VectorStoreErrorKind.NotFound, () => Store.QueryAsync(name, new VectorQuery([1, 0, 0, 0])));
        await AssertKind(VectorStoreErrorKind.NotFound, () => Store.UpsertAsync(name, [new VectorPoint(1UL, [1, 0, 0, 0])]));
        await AssertKind(VectorStoreErrorKind.NotFound, () => Store.CountAsync(name));
        Assert.False(await Store.CollectionExistsAsync(name));
    }

    [ContractFact]
    public async Task Deleted_collection_is_gone()
    {
        var name = await NewCollectionAsync(Distance.Cosine, 4);

        Assert.True(await Store.DeleteCollectionAsync(name));

        Assert.False(await Store.CollectionExistsAsync(name));
        Assert.DoesNotContain(name, await Store.ListCollectionsAsync());
        Assert.False(await Store.DeleteCollectionAsync(name));
    }

    [ContractFact]
    public async Task Upsert_with_the_wrong_dimension_is_rejected_naming_both_sizes()
    {
        var name = await NewCollectionAsync(Distance.Cosine, 4);

        var error = await AssertKind(VectorStoreErrorKind.Validation,
            () => Store.UpsertAsync(name, [new VectorPoint(1UL, [1, 2, 3])]));

        Assert.Contains("4", error.Message);
        Assert.Contains("3", error.Message);
        Assert.Equal(0, await Store.CountAsync(name));
    }

    [ContractFact]
    public async Task Query_with_the_wrong_dimension_is_rejected()
    {
        var name = await NewCollectionAsync(Distance.Euclid, 4);

        var error = await AssertKind(VectorStoreErrorKind.Validation, () => Store.QueryAsync(name, new VectorQuery([1, 2, 3, 4, 5])));

        Assert.Contains("5", error.Message);
    }

    [ContractFact]
    public async Task Payload_index_shows_in_collection_info_and_can_be_dropped()
    {
        var name = await NewCollectionAsync(Distance.Cosine, 4);

        await Store.CreatePayloadIndexAsync(name, "city", PayloadFieldType.Keyword);
        await Store.CreatePayloadIndexAsync(name, "n", PayloadFieldType.Integer);
        var info = await Store.GetCollectionInfoAsync(name);
        Assert.Equal(PayloadFieldType.Keyword, info.PayloadSchema["city"]);
        Assert.Equal(PayloadFieldType.Integer, info.PayloadSchema["n"]);

        await Store.DeletePayloadIndexAsync(name, "city");
        Assert.False((await Store.GetCollectionInfoAsync(name)).PayloadSchema.ContainsKey("city"));
    }

    [ContractFact]
    public async Task Alias_reads_the_collection_and_swaps_atomically()
    {
        var first = await NewCollectionAsync(Distance.Dot, 2);
        var second = await NewCollectionAsync(Distance.Dot, 2);
        await Store.UpsertAsync(first, [new VectorPoint(1UL, [1, 0])]);
        await Store.UpsertAsync(second, [new VectorPoint(2UL, [1, 0])]);
        var alias = UniqueName();

        await Store.UpdateAliasesAsync([AliasChange.Create(alias, first)]);
        Assert.Equal(1UL, (await Store.QueryAsync(alias, new VectorQuery([1, 0])))[0].Id.Number);

        await Store.UpdateAliasesAsync([AliasChange.Delete(alias), AliasChange.Create(alias, second)]);
        Assert.Equal(2UL, (await Store.QueryAsync(alias, new VectorQuery([1, 0])))[0].Id.Number);
        Assert.Contains(new CollectionAlias(alias, second), await Store.ListAliasesAsync());

        await Store.UpdateAliasesAsync([AliasChange.Delete(alias)]);
        Assert.DoesNotContain(await Store.ListAliasesAsync(), a => a.AliasName == alias);
    }

    protected static string UniqueName() => $"contract_{Guid.NewGuid():N}";

    protected async Task<string> NewCollectionAsync(Distance distance, int size)
    {
        var name = UniqueName();
        await Store.CreateCollectionAsync(name, new CollectionDefinition(size, distance));
        _created.Add(name);
        return name;
    }

    protected static async Task<VectorStoreException> AssertKind(VectorStoreErrorKind kind, Func<Task> call)
    {
        var error = await Assert.ThrowsAnyAsync<VectorStoreException>(call);
        Assert.True(error.Kind == kind, $"Expected {kind}, got {error.Kind}: {error.Message}");
        return error;
    }

    protected static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    protected static Filter Where(params Condition[] conditions) => Filter.All(conditions);
}
