using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pulse.Core.VectorStore.Filters;
using static Pulse.Core.VectorStore.Qdrant.QdrantMapping;

namespace Pulse.Core.VectorStore.Qdrant;

/// <summary>
/// <see cref="IVectorStore"/> over Qdrant's REST API (v1.19): typed JSON bodies, the optional <c>api-key</c>
/// header, a per-attempt timeout, retries with exponential backoff for transient failures, batched upserts,
/// and every failure translated into <see cref="VectorStoreException"/>.
/// </summary>
public sealed class QdrantVectorStore : IVectorStore, IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly QdrantTransport _transport;
    private readonly VectorStoreOptions _options;

    /// <summary>Uses <paramref name="http"/> as given (its timeout and handler are the caller's); for tests and DI.</summary>
    public QdrantVectorStore(HttpClient http, VectorStoreOptions options, ILogger<QdrantVectorStore>? logger = null)
        : this(http, false, options, logger)
    {
    }

    private QdrantVectorStore(HttpClient http, bool ownsHttp, VectorStoreOptions options, ILogger<QdrantVectorStore>? logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Uri.TryCreate(options.QdrantUrl, UriKind.Absolute, out var baseUri))
        {
            throw new VectorStoreException(VectorStoreErrorKind.Validation, $"Qdrant URL '{options.QdrantUrl}' is not an absolute URL.");
        }

        _http = http;
        _ownsHttp = ownsHttp;
        _options = options;
        _transport = new QdrantTransport(http, baseUri, options, (ILogger?)logger ?? NullLogger.Instance);
    }

    /// <summary>A store with its own pooled HttpClient, timing out each attempt after <see cref="VectorStoreOptions.TimeoutSeconds"/>.</summary>
    public static QdrantVectorStore Create(VectorStoreOptions options, ILogger<QdrantVectorStore>? logger = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, Math.Max(1, options.TimeoutSeconds))),
        };
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds)) };
        return new QdrantVectorStore(http, true, options, logger);
    }

    /// <summary>
    /// Liveness (<c>/healthz</c>), version (<c>/</c>), readiness (<c>/readyz</c>: in a cluster, caught up with consensus and
    /// its shards healthy) and cluster status with peers (<c>/cluster</c>). Healthy means alive and ready; a cluster status
    /// that cannot be read (a key without that right) leaves <see cref="VectorStoreHealth.Cluster"/> empty and says so.
    /// </summary>
    public async Task<VectorStoreHealth> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        string? version;
        try
        {
            await _transport.SendForTextAsync(HttpMethod.Get, "healthz", null, cancellationToken);
            var root = await _transport.SendForTextAsync(HttpMethod.Get, "", null, cancellationToken);
            version = System.Text.Json.JsonSerializer.Deserialize<VersionInfoDto>(root, Json)?.Version;
        }
        catch (VectorStoreException ex)
        {
            return new VectorStoreHealth(false, "qdrant", ex.Message);
        }

        string? notReady = null;
        try
        {
            await _transport.SendForTextAsync(HttpMethod.Get, "readyz", null, cancellationToken);
        }
        catch (VectorStoreException ex)
        {
            notReady = ex.Message;
        }

        VectorStoreCluster? cluster = null;
        var clusterNote = "";
        try
        {
            cluster = Cluster(await Send<ClusterStatusDto>(HttpMethod.Get, "cluster", null, cancellationToken));
        }
        catch (VectorStoreException ex)
        {
            clusterNote = $"; cluster status unavailable ({ex.Message})";
        }

        var detail = notReady is null
            ? $"Qdrant {version} at {_transport.BaseUri}{clusterNote}"
            : $"Qdrant {version} at {_transport.BaseUri} is alive but not ready: {notReady}{clusterNote}";
        return new VectorStoreHealth(notReady is null, "qdrant", detail) { Version = version, Ready = notReady is null, Cluster = cluster };
    }

    private static VectorStoreCluster Cluster(ClusterStatusDto dto) => dto.Status != "enabled"
        ? new VectorStoreCluster(false)
        : new VectorStoreCluster(true, dto.PeerId, dto.Peers?.Count ?? 1, dto.RaftInfo?.Leader, dto.RaftInfo?.PendingOperations ?? 0,
            dto.MessageSendFailures?.Count(f => f.Value.Count > 0) ?? 0, dto.ConsensusThreadStatus?.ConsensusThreadStatus, dto.ConsensusThreadStatus?.Err);

    public async Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default) =>
        [.. (await Send<CollectionsDto>(HttpMethod.Get, "collections", null, cancellationToken)).Collections.Select(c => c.Name).Order(StringComparer.Ordinal)];

    public async Task<bool> CollectionExistsAsync(string collectionName, CancellationToken cancellationToken = default) =>
        (await Send<CollectionExistenceDto>(HttpMethod.Get, Path(collectionName, "/exists"), null, cancellationToken)).Exists;

    public Task CreateCollectionAsync(string collectionName, CollectionDefinition definition, CancellationToken cancellationToken = default)
    {
        CollectionNames.Validate(collectionName);
        return Send<bool>(HttpMethod.Put, Path(collectionName), CreateCollection(definition), cancellationToken);
    }

    public Task<bool> DeleteCollectionAsync(string collectionName, CancellationToken cancellationToken = default) =>
        Send<bool>(HttpMethod.Delete, Path(collectionName), null, cancellationToken);

    public async Task<CollectionInfo> GetCollectionInfoAsync(string collectionName, CancellationToken cancellationToken = default) =>
        Info(collectionName, await Send<CollectionInfoDto>(HttpMethod.Get, Path(collectionName), null, cancellationToken));

    public Task CreatePayloadIndexAsync(string collectionName, string fieldName, PayloadFieldType fieldType, CancellationToken cancellationToken = default) =>
        Send<UpdateResultDto>(HttpMethod.Put, Path(collectionName, "/index" + Wait(true)), new CreateFieldIndexDto(fieldName, Name(fieldType)), cancellationToken);

    public Task DeletePayloadIndexAsync(string collectionName, string fieldName, CancellationToken cancellationToken = default) =>
        Send<UpdateResultDto>(HttpMethod.Delete, Path(collectionName, $"/index/{Uri.EscapeDataString(fieldName)}{Wait(true)}"), null, cancellationToken);

    public async Task<IReadOnlyList<CollectionAlias>> ListAliasesAsync(CancellationToken cancellationToken = default) =>
        [.. (await Send<AliasesDto>(HttpMethod.Get, "aliases", null, cancellationToken)).Aliases.Select(a => new CollectionAlias(a.AliasName, a.CollectionName))];

    public Task UpdateAliasesAsync(IReadOnlyList<AliasChange> changes, CancellationToken cancellationToken = default) =>
        Send<bool>(HttpMethod.Post, "collections/aliases", new ChangeAliasesDto([.. changes.Select(c => c.IsDelete
            ? new AliasActionDto(null, new DeleteAliasDto(c.AliasName))
            : new AliasActionDto(new CreateAliasDto(c.CollectionName!, c.AliasName), null))]), cancellationToken);

    public async Task UpsertAsync(string collectionName, IReadOnlyList<VectorPoint> points, bool wait = true, CancellationToken cancellationToken = default)
    {
        foreach (var batch in points.Chunk(Math.Max(1, _options.UpsertBatchSize)))
        {
            var body = new PointsListDto([.. batch.Select(p => new PointStructDto(p.Id, p.Vector, p.Payload))]);
            await Send<UpdateResultDto>(HttpMethod.Put, Path(collectionName, "/points" + Wait(wait)), body, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collectionName, VectorQuery query, CancellationToken cancellationToken = default)
    {
        var body = new QueryRequestDto(query.Vector, Filter(query.Filter),
            query.Exact || query.HnswEf is not null ? new SearchParamsDto(query.HnswEf, query.Exact ? true : null) : null,
            query.ScoreThreshold, query.Limit, query.Offset == 0 ? null : query.Offset, query.WithPayload, query.WithVector);
        var result = await Send<QueryResponseDto>(HttpMethod.Post, Path(collectionName, "/points/query"), body, cancellationToken);
        return [.. result.Points.Select(p => new ScoredPoint(p.Id, p.Score, Payload(p.Payload, query.WithPayload), query.WithVector ? Vector(p.Vector) : null))];
    }

    public async Task<ScrollPage> ScrollAsync(string collectionName, ScrollRequest request, CancellationToken cancellationToken = default)
    {
        var body = new ScrollRequestDto(request.Offset, request.Limit, Filter(request.Filter), request.WithPayload, request.WithVector);
        var result = await Send<ScrollResultDto>(HttpMethod.Post, Path(collectionName, "/points/scroll"), body, cancellationToken);
        return new ScrollPage([.. result.Points.Select(p => Record(p, request.WithPayload, request.WithVector))], result.NextPageOffset);
    }

    public async Task<long> CountAsync(string collectionName, Filter? filter = null, CancellationToken cancellationToken = default) =>
        (await Send<CountResultDto>(HttpMethod.Post, Path(collectionName, "/points/count"), new CountRequestDto(Filter(filter), true), cancellationToken)).Count;

    /// <summary>
    /// <c>POST /collections/{name}/facet</c>. Qdrant facets only a key with a keyword, integer or bool payload index;
    /// its refusal of an unindexed key becomes <see cref="PayloadIndexRequiredException"/> naming the key.
    /// </summary>
    public async Task<IReadOnlyList<FacetHit>> FacetAsync(string collectionName, string key, Filter? filter = null, int limit = 10, bool exact = false, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new VectorStoreException(VectorStoreErrorKind.Validation, "A payload field name is required.");
        }

        if (limit < 1)
        {
            throw new VectorStoreException(VectorStoreErrorKind.Validation, $"limit {limit} is invalid: use 1 or more.");
        }

        FacetResponseDto result;
        try
        {
            result = await Send<FacetResponseDto>(HttpMethod.Post, Path(collectionName, "/facet"), new FacetRequestDto(key, limit, Filter(filter), exact), cancellationToken);
        }
        catch (VectorStoreException ex) when (ex.Kind == VectorStoreErrorKind.Validation && IsMissingIndex(ex.Message))
        {
            throw new PayloadIndexRequiredException(collectionName, key, ex.Message, ex) { StatusCode = ex.StatusCode };
        }

        return [.. result.Hits.Select(h => new FacetHit(FacetValue(h.Value), h.Count))];
    }

    public async Task<IReadOnlyList<PointRecord>> GetPointsAsync(string collectionName, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVector = false, CancellationToken cancellationToken = default)
    {
        var result = await Send<List<RecordDto>>(HttpMethod.Post, Path(collectionName, "/points"), new PointRequestDto(ids, withPayload, withVector), cancellationToken);
        return [.. result.Select(p => Record(p, withPayload, withVector)).OrderBy(p => p.Id)];
    }

    public Task DeletePointsAsync(string collectionName, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        Send<UpdateResultDto>(HttpMethod.Post, Path(collectionName, "/points/delete" + Wait(wait)),
            selector.PointIds is { } ids ? new PointIdsDto(ids) : new FilterSelectorDto(FilterJson.ToJson(selector.Filter!)), cancellationToken);

    public Task SetPayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        Send<UpdateResultDto>(HttpMethod.Post, Path(collectionName, "/points/payload" + Wait(wait)), SetPayload(payload, selector), cancellationToken);

    public Task OverwritePayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        Send<UpdateResultDto>(HttpMethod.Put, Path(collectionName, "/points/payload" + Wait(wait)), SetPayload(payload, selector), cancellationToken);

    public Task DeletePayloadKeysAsync(string collectionName, IReadOnlyList<string> keys, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        Send<UpdateResultDto>(HttpMethod.Post, Path(collectionName, "/points/payload/delete" + Wait(wait)),
            new DeletePayloadDto(keys, selector.PointIds, SelectorFilter(selector)), cancellationToken);

    public async Task<SnapshotInfo> CreateSnapshotAsync(string collectionName, CancellationToken cancellationToken = default) =>
        Snapshot(await Send<SnapshotDescriptionDto>(HttpMethod.Post, Path(collectionName, "/snapshots" + Wait(true)), null, cancellationToken));

    public async Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string collectionName, CancellationToken cancellationToken = default) =>
        [.. (await Send<List<SnapshotDescriptionDto>>(HttpMethod.Get, Path(collectionName, "/snapshots"), null, cancellationToken)).Select(Snapshot).OrderBy(s => s.Name, StringComparer.Ordinal)];

    public Task RestoreSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default)
    {
        // Qdrant fetches the snapshot from its own HTTP endpoint, so no server-side file path is needed.
        var location = new Uri(_transport.BaseUri, Path(collectionName, $"/snapshots/{Uri.EscapeDataString(snapshotName)}")).AbsoluteUri;
        var body = new SnapshotRecoverDto(location, string.IsNullOrWhiteSpace(_options.ApiKey) ? null : _options.ApiKey);
        return Send<bool>(HttpMethod.Put, Path(collectionName, "/snapshots/recover" + Wait(true)), body, cancellationToken);
    }

    public Task<bool> DeleteSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        Send<bool>(HttpMethod.Delete, Path(collectionName, $"/snapshots/{Uri.EscapeDataString(snapshotName)}{Wait(true)}"), null, cancellationToken);

    public Task<Stream> OpenSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        _transport.OpenStreamAsync(HttpMethod.Get, Path(collectionName, $"/snapshots/{Uri.EscapeDataString(snapshotName)}"), cancellationToken);

    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private Task<T> Send<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken) =>
        _transport.SendAsync<T>(method, path, body, cancellationToken);

    // Qdrant 1.x: "Bad request: Index required but not found for \"color\" of one of the following types: [keyword, integer, bool]. Help: ..."
    private static bool IsMissingIndex(string message) =>
        message.Contains("index required", StringComparison.OrdinalIgnoreCase)
        || (message.Contains("index", StringComparison.OrdinalIgnoreCase) && message.Contains("not found", StringComparison.OrdinalIgnoreCase));

    private static FilterValue FacetValue(JsonNode value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => FilterValue.Keyword(value.GetValue<string>()),
        System.Text.Json.JsonValueKind.True => FilterValue.Bool(true),
        System.Text.Json.JsonValueKind.False => FilterValue.Bool(false),
        System.Text.Json.JsonValueKind.Number when long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) => FilterValue.Int(n),
        _ => throw new VectorStoreException(VectorStoreErrorKind.Internal, $"Qdrant reported a facet value {value.ToJsonString()} that is not a string, integer or boolean."),
    };

    private static SetPayloadDto SetPayload(JsonObject payload, PointSelector selector) =>
        new(payload, selector.PointIds, SelectorFilter(selector));

    private static JsonObject? SelectorFilter(PointSelector selector) =>
        selector.Filter is { } f ? FilterJson.ToJson(f) : null;

    private static PointRecord Record(RecordDto dto, bool withPayload, bool withVector) =>
        new(dto.Id, Payload(dto.Payload, withPayload), withVector ? Vector(dto.Vector) : null);
}
