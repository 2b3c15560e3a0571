using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Search;

/// <summary>
/// The playground's search: text → embedding through the tenant's provider chain (or a chosen integration) →
/// the tenant-scoped vector store → hydration from PostgreSQL, with timings, the serving integration and cost.
/// Input problems raise <see cref="ValidationFailedException"/>; everything else that stops a search raises
/// <see cref="SearchFailedException"/>, both with messages for people.
/// </summary>
public sealed partial class SearchService(
    TenantVectorStore store,
    IEmbeddingService embeddings,
    IIntegrationChainResolver resolver,
    IPulseDbContextFactory contexts,
    SearchHistory history,
    ITenantContext tenant,
    ILogger<SearchService> logger)
{
    /// <summary>Most content ids a creation window may resolve to (they travel in the vector store's filter).</summary>
    public const int MaxWindowIds = 10_000;

    private readonly HitHydrator _hydrator = new(contexts);

    /// <summary>Runs <paramref name="request"/> and remembers it in the user's history.</summary>
    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var response = await RunAsync(request, cancellationToken);
        await RememberAsync(response, cancellationToken);
        return response;
    }

    /// <summary>The same query on two sides (two collections, or two integrations), with the overlap of their hits.</summary>
    public async Task<CompareResponse> CompareAsync(SearchRequest left, SearchRequest right, CancellationToken cancellationToken = default)
    {
        var a = await RunAsync(left, cancellationToken);
        var b = await RunAsync(right, cancellationToken);
        var shared = a.Hits.Select(h => h.SourceKey).Intersect(b.Hits.Select(h => h.SourceKey)).ToHashSet();
        return new CompareResponse(a, b, shared);
    }

    /// <summary>Neighbours of a stored point (its own vector, so nothing is embedded or billed), the point itself left out.</summary>
    public async Task<SearchResponse> FindSimilarAsync(SearchRequest basis, PointId pointId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(basis);
        var started = Stopwatch.GetTimestamp();
        RequireTenant();
        SearchRequestValidator.ValidateCollection(basis.Collection);
        var filter = SearchRequestValidator.ParseFilter(basis.FilterJson);
        var info = await StoreCallAsync(basis.Collection, () => store.GetCollectionInfoAsync(basis.Collection, cancellationToken));
        var points = await StoreCallAsync(basis.Collection, () => store.GetPointsAsync(basis.Collection, [pointId], withPayload: false, withVector: true, cancellationToken));
        if (points.Count == 0 || points[0].Vector is not { } vector)
            throw new SearchFailedException($"Point {pointId} is no longer in collection '{basis.Collection}'.");
        var exclude = Filter.NoneOf(new HasIdCondition([pointId]));
        var combined = filter is null ? exclude : exclude with { Must = [filter] };
        var request = basis with { Offset = 0 };
        var response = await QueryAndHydrateAsync(request, info, vector, combined, embedding: null, embedMs: 0, started, cancellationToken);
        return response with { SimilarTo = pointId.ToString() };
    }

    private async Task<SearchResponse> RunAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var tenantId = RequireTenant();
        var filter = SearchRequestValidator.Validate(request);
        var info = await StoreCallAsync(request.Collection, () => store.GetCollectionInfoAsync(request.Collection, cancellationToken));
        await CheckDimensionBeforeEmbeddingAsync(tenantId, request, info, cancellationToken);
        filter = await AddScopeAsync(filter, request.Scope, cancellationToken);
        filter = await AddCreatedWindowAsync(filter, request.CreatedWithinDays, cancellationToken);

        var embedStarted = Stopwatch.GetTimestamp();
        var embedding = await EmbedAsync(tenantId, request, cancellationToken);
        var embedMs = Stopwatch.GetElapsedTime(embedStarted).TotalMilliseconds;
        var vector = embedding.Vectors[0];
        if (vector.Length != info.Config.VectorSize)
            throw new ValidationFailedException(SearchRequestValidator.DimensionMismatch(
                request.Collection, info.Config.VectorSize, embedding.Call.IntegrationName, embedding.Call.Model, vector.Length), nameof(request.Collection));

        return await QueryAndHydrateAsync(request, info, vector, filter, embedding.Call, embedMs, started, cancellationToken);
    }

    private async Task<SearchResponse> QueryAndHydrateAsync(
        SearchRequest request, CollectionInfo info, float[] vector, Filter? filter, ProviderCallInfo? embedding, double embedMs, long started, CancellationToken cancellationToken)
    {
        var query = new VectorQuery(vector)
        {
            Limit = request.Limit, Offset = request.Offset, Filter = filter, ScoreThreshold = request.ScoreThreshold,
            Exact = request.Exact, HnswEf = request.Exact ? null : request.HnswEf, WithPayload = true,
        };
        var searchStarted = Stopwatch.GetTimestamp();
        var points = await StoreCallAsync(request.Collection, () => store.QueryAsync(request.Collection, query, cancellationToken));
        var searchMs = Stopwatch.GetElapsedTime(searchStarted).TotalMilliseconds;

        var hydrateStarted = Stopwatch.GetTimestamp();
        IReadOnlyList<SearchHit> hits;
        try
        {
            hits = await _hydrator.HydrateAsync(points, request.Offset + 1, cancellationToken);
        }
        catch (Exception ex) when (ex is DatabaseUnavailableException or NpgsqlException or InvalidOperationException { InnerException: NpgsqlException })
        {
            LogHydrationFailed(ex, request.Collection);
            throw new SearchFailedException("The hits were found, but PostgreSQL could not be read to show them. Try again in a moment.", ex);
        }

        var hydrateMs = Stopwatch.GetElapsedTime(hydrateStarted).TotalMilliseconds;
        var timing = new SearchTiming(embedMs, searchMs, hydrateMs, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        LogSearched(request.Collection, hits.Count, timing.TotalMs);
        return new SearchResponse
        {
            Request = request, Hits = hits, Timing = timing, Embedding = embedding, Dimension = info.Config.VectorSize,
            Facets = SearchFacets.From(hits),
            Notice = hits.Count == 0 && filter is not null ? await MissingFieldsNoticeAsync(request.Collection, filter, cancellationToken) : null,
        };
    }

    private async Task CheckDimensionBeforeEmbeddingAsync(int tenantId, SearchRequest request, CollectionInfo info, CancellationToken cancellationToken)
    {
        var chain = await resolver.ResolveAsync(tenantId, ProviderSubtype.Embedding, request.IntegrationId, cancellationToken);
        if (chain.Count > 0 && chain[0].Spec is { Dimension: { } dimension } spec && dimension != info.Config.VectorSize)
            throw new ValidationFailedException(SearchRequestValidator.DimensionMismatch(
                request.Collection, info.Config.VectorSize, spec.Name, spec.Model, dimension), nameof(request.Collection));
    }

    private async Task<EmbeddingResult> EmbedAsync(int tenantId, SearchRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await embeddings.EmbedAsync(tenantId, [request.Query], request.IntegrationId, cancellationToken);
        }
        catch (BudgetExceededException ex)
        {
            throw new SearchFailedException($"The search was not run: {ex.Message}", ex);
        }
        catch (ProviderException ex)
        {
            throw new SearchFailedException($"The query could not be embedded: {ex.Message}", ex);
        }
    }

    /// <summary>Seed 003's hierarchy navigation as a filter: PostgreSQL finds the leaves under the branch, the store keeps their points.</summary>
    private async Task<Filter?> AddScopeAsync(Filter? filter, HierarchyScope? scope, CancellationToken cancellationToken)
    {
        if (scope is null) return filter;
        if (!Data.Configurations.HierarchyTables.All.Contains(scope.Table))
            throw new ValidationFailedException($"'{scope.Table}' is not a hierarchy table; use one of {string.Join(", ", Data.Configurations.HierarchyTables.All)}.", nameof(SearchRequest.Scope));
        await using var db = contexts.CreateReadOnlyDbContext();
        var leaves = await db.Hierarchy(scope.Table)
            .Where(n => n.Branch == scope.Branch && (scope.Limb == null || n.Limb == scope.Limb))
            .Select(n => (long)n.Id).ToListAsync(cancellationToken);
        if (leaves.Count == 0)
            throw new ValidationFailedException($"There is nothing under '{scope}' in {scope.Table}.", nameof(SearchRequest.Scope));
        Condition[] conditions =
        [
            new MatchValueCondition("hierarchy_table", scope.Table),
            new MatchAnyCondition("leaf_id", [.. leaves.Select(FilterValue.Int)]),
        ];
        return filter is null ? Filter.All(conditions) : Filter.All([filter, .. conditions]);
    }

    /// <summary>Seed 003's "recent creation" as a filter: PostgreSQL finds the content created in the window, the store keeps those points.</summary>
    private async Task<Filter?> AddCreatedWindowAsync(Filter? filter, int? days, CancellationToken cancellationToken)
    {
        if (days is not { } window) return filter;
        var since = DateTimeOffset.UtcNow.AddDays(-window);
        await using var db = contexts.CreateReadOnlyDbContext();
        var ids = await db.Content.Where(c => c.CreatedAt >= since).OrderBy(c => c.Id).Select(c => (long)c.Id).Take(MaxWindowIds + 1).ToListAsync(cancellationToken);
        if (ids.Count > MaxWindowIds)
            throw new ValidationFailedException(
                $"More than {MaxWindowIds:N0} content rows were created in the last {window} days; narrow the window or filter by content type instead.",
                nameof(SearchRequest.CreatedWithinDays));
        // No row in the window: an id no row has, so the search finds nothing rather than everything.
        var condition = new MatchAnyCondition("content_id", ids.Count == 0 ? [FilterValue.Int(-1)] : [.. ids.Select(FilterValue.Int)]);
        return filter is null ? Filter.All(condition) : Filter.All(filter, condition);
    }

    private async Task<string?> MissingFieldsNoticeAsync(string collection, Filter filter, CancellationToken cancellationToken)
    {
        ScrollPage sample;
        try
        {
            sample = await store.ScrollAsync(collection, new ScrollRequest { Limit = 50 }, cancellationToken);
        }
        catch (VectorStoreException)
        {
            return null; // only a hint: the empty result stands on its own
        }

        var present = sample.Points.SelectMany(p => p.Payload?.Select(kv => kv.Key) ?? []).ToHashSet(StringComparer.Ordinal);
        var missing = SearchRequestValidator.Keys(filter).Select(k => k.Split('.', '[')[0]).Distinct().Where(k => !present.Contains(k)).ToList();
        return missing.Count == 0 || sample.Points.Count == 0
            ? null
            : $"No point in this collection has the payload field{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing.Select(m => $"'{m}'"))}; " +
              $"the filter can match nothing. Fields present: {string.Join(", ", present.Order(StringComparer.Ordinal))}.";
    }

    private int RequireTenant() => tenant.TenantId
        ?? throw new ValidationFailedException("Pick a tenant first: searches embed and bill as a tenant.");

    private async Task<T> StoreCallAsync<T>(string collection, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (VectorStoreException ex)
        {
            LogStoreFailed(ex, collection, ex.Kind);
            throw ex.Kind switch
            {
                VectorStoreErrorKind.NotFound => new SearchFailedException($"Collection '{collection}' no longer exists (it may have been deleted or renamed). Pick another collection.", ex),
                VectorStoreErrorKind.AccessDenied => new SearchFailedException(ex.Message, ex),
                VectorStoreErrorKind.Validation => new ValidationFailedException(ex.Message),
                VectorStoreErrorKind.Unavailable or VectorStoreErrorKind.Timeout => new SearchFailedException($"The vector store is not answering ({ex.Message}). Try again in a moment.", ex),
                _ => new SearchFailedException($"The vector store failed: {ex.Message}", ex),
            };
        }
    }

    private async Task RememberAsync(SearchResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await history.RecordAsync(response, cancellationToken);
        }
        catch (Exception ex) when (ex is DbUpdateException or NpgsqlException or DatabaseUnavailableException)
        {
            LogHistoryFailed(ex);
        }
    }

    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Searched {Collection}: {Hits} hits in {TotalMs:0.0} ms")]
    private partial void LogSearched(string collection, int hits, double totalMs);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Vector store call on {Collection} failed ({Kind})")]
    private partial void LogStoreFailed(Exception ex, string collection, VectorStoreErrorKind kind);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Hydrating hits of {Collection} from PostgreSQL failed")]
    private partial void LogHydrationFailed(Exception ex, string collection);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "The search ran but could not be added to the history")]
    private partial void LogHistoryFailed(Exception ex);
}
