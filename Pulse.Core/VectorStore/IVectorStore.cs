using System.Text.Json.Nodes;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore;

/// <summary>
/// A vector store shaped after Qdrant: collections of points (id, vector, JSON payload) searched by
/// similarity with boolean payload filters. Implemented over Qdrant's REST API and by an embedded store;
/// both raise <see cref="VectorStoreException"/> for every failure and share one contract test suite.
/// Collection arguments accept aliases wherever Qdrant does (reads and point updates).
/// </summary>
public interface IVectorStore
{
    Task<VectorStoreHealth> GetHealthAsync(CancellationToken cancellationToken = default);

    /// <summary>Names of all collections (not aliases), sorted.</summary>
    Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default);

    Task<bool> CollectionExistsAsync(string collectionName, CancellationToken cancellationToken = default);

    /// <summary>Creates a collection; <see cref="VectorStoreErrorKind.Conflict"/> when it exists.</summary>
    Task CreateCollectionAsync(string collectionName, CollectionDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Deletes a collection and its data; false when there was none.</summary>
    Task<bool> DeleteCollectionAsync(string collectionName, CancellationToken cancellationToken = default);

    Task<CollectionInfo> GetCollectionInfoAsync(string collectionName, CancellationToken cancellationToken = default);

    Task CreatePayloadIndexAsync(string collectionName, string fieldName, PayloadFieldType fieldType, CancellationToken cancellationToken = default);

    Task DeletePayloadIndexAsync(string collectionName, string fieldName, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<CollectionAlias>> ListAliasesAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies all changes atomically (an alias swap is a delete and a create in one call).</summary>
    Task UpdateAliasesAsync(IReadOnlyList<AliasChange> changes, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces points. With <paramref name="wait"/> it returns once the points are durable and searchable.</summary>
    Task UpsertAsync(string collectionName, IReadOnlyList<VectorPoint> points, bool wait = true, CancellationToken cancellationToken = default);

    /// <summary>Nearest points, best first (highest score for Cosine/Dot, lowest distance for Euclid/Manhattan).</summary>
    Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collectionName, VectorQuery query, CancellationToken cancellationToken = default);

    /// <summary>A page of points in id order with the cursor for the next page.</summary>
    Task<ScrollPage> ScrollAsync(string collectionName, ScrollRequest request, CancellationToken cancellationToken = default);

    /// <summary>Exact number of points matching <paramref name="filter"/> (all points when null).</summary>
    Task<long> CountAsync(string collectionName, Filter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The values of payload key <paramref name="key"/> with how many points matching <paramref name="filter"/> (all points
    /// when null) carry each, most points first then by value, at most <paramref name="limit"/> of them (Qdrant's facet).
    /// Values are strings, integers or booleans; a point counts once per distinct value, also when an array holds it
    /// twice. With <paramref name="exact"/> the counts are exact (Qdrant may otherwise estimate); the embedded store is
    /// always exact. Qdrant needs a keyword, integer or bool payload index on the key and raises
    /// <see cref="PayloadIndexRequiredException"/> without one; the embedded store scans payloads instead.
    /// </summary>
    Task<IReadOnlyList<FacetHit>> FacetAsync(string collectionName, string key, Filter? filter = null, int limit = 10, bool exact = false, CancellationToken cancellationToken = default);

    /// <summary>The points with these ids, in id order; missing ids are left out.</summary>
    Task<IReadOnlyList<PointRecord>> GetPointsAsync(string collectionName, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVector = false, CancellationToken cancellationToken = default);

    Task DeletePointsAsync(string collectionName, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default);

    /// <summary>Merges <paramref name="payload"/>'s keys into the selected points' payloads.</summary>
    Task SetPayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default);

    /// <summary>Replaces the selected points' payloads with <paramref name="payload"/>.</summary>
    Task OverwritePayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default);

    /// <summary>Removes <paramref name="keys"/> from the selected points' payloads.</summary>
    Task DeletePayloadKeysAsync(string collectionName, IReadOnlyList<string> keys, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default);

    /// <summary>Takes a consistent snapshot of a collection.</summary>
    Task<SnapshotInfo> CreateSnapshotAsync(string collectionName, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string collectionName, CancellationToken cancellationToken = default);

    /// <summary>Replaces the collection's data with that of one of its snapshots (creating the collection if it is gone).</summary>
    Task RestoreSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default);

    Task<bool> DeleteSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens one of the collection's snapshots for reading (a download); the caller disposes the stream.
    /// <see cref="VectorStoreErrorKind.NotFound"/> when the collection or the snapshot does not exist.
    /// </summary>
    Task<Stream> OpenSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default);
}
