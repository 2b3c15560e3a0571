using System.Diagnostics;
using System.Text.Json.Nodes;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Operations.Metrics;

/// <summary>Times and counts every vector store operation for the metrics, then passes it on unchanged.</summary>
public sealed class MeteredVectorStore(IVectorStore inner, PulseMetrics metrics) : IVectorStore, IDisposable
{
    /// <summary>The store being measured.</summary>
    public IVectorStore Inner => inner;

    /// <summary>The container disposes only this decorator, so it disposes the store it owns.</summary>
    public void Dispose() => (inner as IDisposable)?.Dispose();

    public Task<VectorStoreHealth> GetHealthAsync(CancellationToken cancellationToken = default) =>
        TimeAsync("get_health", () => inner.GetHealthAsync(cancellationToken));

    public Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default) =>
        TimeAsync("list_collections", () => inner.ListCollectionsAsync(cancellationToken));

    public Task<bool> CollectionExistsAsync(string collectionName, CancellationToken cancellationToken = default) =>
        TimeAsync("collection_exists", () => inner.CollectionExistsAsync(collectionName, cancellationToken));

    public Task CreateCollectionAsync(string collectionName, CollectionDefinition definition, CancellationToken cancellationToken = default) =>
        TimeAsync("create_collection", () => inner.CreateCollectionAsync(collectionName, definition, cancellationToken));

    public Task<bool> DeleteCollectionAsync(string collectionName, CancellationToken cancellationToken = default) =>
        TimeAsync("delete_collection", () => inner.DeleteCollectionAsync(collectionName, cancellationToken));

    public Task<CollectionInfo> GetCollectionInfoAsync(string collectionName, CancellationToken cancellationToken = default) =>
        TimeAsync("get_collection_info", () => inner.GetCollectionInfoAsync(collectionName, cancellationToken));

    public Task CreatePayloadIndexAsync(string collectionName, string fieldName, PayloadFieldType fieldType, CancellationToken cancellationToken = default) =>
        TimeAsync("create_payload_index", () => inner.CreatePayloadIndexAsync(collectionName, fieldName, fieldType, cancellationToken));

    public Task DeletePayloadIndexAsync(string collectionName, string fieldName, CancellationToken cancellationToken = default) =>
        TimeAsync("delete_payload_index", () => inner.DeletePayloadIndexAsync(collectionName, fieldName, cancellationToken));

    public Task<IReadOnlyList<CollectionAlias>> ListAliasesAsync(CancellationToken cancellationToken = default) =>
        TimeAsync("list_aliases", () => inner.ListAliasesAsync(cancellationToken));

    public Task UpdateAliasesAsync(IReadOnlyList<AliasChange> changes, CancellationToken cancellationToken = default) =>
        TimeAsync("update_aliases", () => inner.UpdateAliasesAsync(changes, cancellationToken));

    public Task UpsertAsync(string collectionName, IReadOnlyList<VectorPoint> points, bool wait = true, CancellationToken cancellationToken = default) =>
        TimeAsync("upsert", () => inner.UpsertAsync(collectionName, points, wait, cancellationToken));

    public Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collectionName, VectorQuery query, CancellationToken cancellationToken = default) =>
        TimeAsync("query", () => inner.QueryAsync(collectionName, query, cancellationToken));

    public Task<ScrollPage> ScrollAsync(string collectionName, ScrollRequest request, CancellationToken cancellationToken = default) =>
        TimeAsync("scroll", () => inner.ScrollAsync(collectionName, request, cancellationToken));

    public Task<long> CountAsync(string collectionName, Filter? filter = null, CancellationToken cancellationToken = default) =>
        TimeAsync("count", () => inner.CountAsync(collectionName, filter, cancellationToken));

    public Task<IReadOnlyList<FacetHit>> FacetAsync(string collectionName, string key, Filter? filter = null, int limit = 10, bool exact = false, CancellationToken cancellationToken = default) =>
        TimeAsync("facet", () => inner.FacetAsync(collectionName, key, filter, limit, exact, cancellationToken));

    public Task<IReadOnlyList<PointRecord>> GetPointsAsync(string collectionName, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVector = false, CancellationToken cancellationToken = default) =>
        TimeAsync("get_points", () => inner.GetPointsAsync(collectionName, ids, withPayload, withVector, cancellationToken));

    public Task DeletePointsAsync(string collectionName, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        TimeAsync("delete_points", () => inner.DeletePointsAsync(collectionName, selector, wait, cancellationToken));

    public Task SetPayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        TimeAsync("set_payload", () => inner.SetPayloadAsync(collectionName, payload, selector, wait, cancellationToken));

    public Task OverwritePayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        TimeAsync("overwrite_payload", () => inner.OverwritePayloadAsync(collectionName, payload, selector, wait, cancellationToken));

    public Task DeletePayloadKeysAsync(string collectionName, IReadOnlyList<string> keys, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        TimeAsync("delete_payload_keys", () => inner.DeletePayloadKeysAsync(collectionName, keys, selector, wait, cancellationToken));

    public Task<SnapshotInfo> CreateSnapshotAsync(string collectionName, CancellationToken cancellationToken = default) =>
        TimeAsync("create_snapshot", () => inner.CreateSnapshotAsync(collectionName, cancellationToken));

    public Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string collectionName, CancellationToken cancellationToken = default) =>
        TimeAsync("list_snapshots", () => inner.ListSnapshotsAsync(collectionName, cancellationToken));

    public Task RestoreSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        TimeAsync("restore_snapshot", () => inner.RestoreSnapshotAsync(collectionName, snapshotName, cancellationToken));

    public Task<bool> DeleteSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        TimeAsync("delete_snapshot", () => inner.DeleteSnapshotAsync(collectionName, snapshotName, cancellationToken));

    public Task<Stream> OpenSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        TimeAsync("open_snapshot", () => inner.OpenSnapshotAsync(collectionName, snapshotName, cancellationToken));

    private async Task TimeAsync(string operation, Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        var success = false;
        try
        {
            await call();
            success = true;
        }
        finally
        {
            metrics.VectorStoreOperation(operation, success, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }

    private async Task<T> TimeAsync<T>(string operation, Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        var success = false;
        try
        {
            var result = await call();
            success = true;
            return result;
        }
        finally
        {
            metrics.VectorStoreOperation(operation, success, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
    }
}
