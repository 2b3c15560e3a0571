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
    /// <summary>Most record ids the restrictions resolved in PostgreSQL may come to (they travel in the vector store's filter).</summary>
    public const int MaxWindowIds = 10_000;

    private readonly HitHydrator _hydrator = new(contexts);
    private readonly FacetReader _facets = new(contexts);

    /// <summary>Runs <paramref name="request"/> and remembers it in the user's history.</summary>
    public async Task<SearchResponse> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        var response = await RunAsync(request, cancellationToken);
        await RememberAsync(() => history.RecordAsync(response, cancellationToken));
        return response;
    }

    /// <summary>The same query on two sides (two collections, or two integrations), with the overlap of their hits; remembered as one history entry.</summary>
    public async Task<CompareResponse> CompareAsync(SearchRequest left, SearchRequest right, CancellationToken cancellationToken = default)
    {
        var a = await RunAsync(left, cancellationToken);
        var b = await RunAsync(right, cancellationToken);
        var shared = a.Hits.Select(h => h.SourceKey).Intersect(b.Hits.Select(h => h.SourceKey)).ToHashSet();
        var comparison = new CompareResponse(a, b, shared);
        await RememberAsync(() => history.RecordComparisonAsync(comparison, cancellationToken));
        return comparison;
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
        var restricted = await AddRestrictionsAsync(filter, basis, info, cancellationToken);
        var exclude = Filter.NoneOf(new HasIdCondition([pointId]));
        var combined = restricted is null ? exclude : exclude with { Must = [restricted] };
        var request = basis with { Offset = 0 };
        var response = await QueryAndHydrateAsync(request, info, vector, combined, filter, embedding: null, embedMs: 0, started, cancellationToken);
        return response with { SimilarTo = pointId.ToString() };
    }

    private async Task<SearchResponse> RunAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var tenantId = RequireTenant();
        // The dimension check and the embedding call read the tenant's AI settings once between them.
        using var scope = ProviderCallScope.Begin();
        var payloadFilter = SearchRequestValidator.Validate(request);
        var info = await StoreCallAsync(request.Collection, () => store.GetCollectionInfoAsync(request.Collection, cancellationToken));
        await CheckDimensionBeforeEmbeddingAsync(tenantId, request, info, cancellationToken);
        var filter = await AddRestrictionsAsync(payloadFilter, request, info, cancellationToken);

        var embedStarted = Stopwatch.GetTimestamp();
        var embedding = await EmbedAsync(tenantId, request, cancellationToken);
        var embedMs = Stopwatch.GetElapsedTime(embedStarted).TotalMilliseconds;
        var vector = embedding.Vectors[0];
        if (vector.Length != info.Config.VectorSize)
            throw new ValidationFailedException(SearchRequestValidator.DimensionMismatch(
                request.Collection, info.Config.VectorSize, embedding.Call.IntegrationName, embedding.Call.Model, vector.Length), nameof(request.Collection));

        return await QueryAndHydrateAsync(request, info, vector, filter, payloadFilter, embedding.Call, embedMs, started, cancellationToken);
    }

    private async Task<SearchResponse> QueryAndHydrateAsync(
        SearchRequest request, CollectionInfo info, float[] vector, Filter? filter, Filter? payloadFilter, ProviderCallInfo? embedding, double embedMs, long started,
        CancellationToken cancellationToken)
    {
        var query = new VectorQuery(vector)
        {
            Limit = request.Limit, Offset = request.Offset, Filter = filter, ScoreThreshold = request.ScoreThreshold,
            Exact = request.Exact, HnswEf = request.Exact ? null : request.HnswEf, WithPayload = true,
        };
        var searchStarted = Stopwatch.GetTimestamp();
        // The collection the name resolved to when the search began: a schema rebuild that switches the alias meanwhile
        // (perhaps to another dimension) does not break a search already embedded for the old one, which it keeps.
        var points = await StoreCallAsync(request.Collection, () => store.QueryAsync(info.Name, query, cancellationToken));
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
            // A first page shorter than the limit is the whole result: its figures are already every match's.
            Facets = SearchFacets.From(hits, request.Offset == 0 && hits.Count < request.Limit ? FacetScope.AllMatches : FacetScope.Page),
            FacetBasis = new FacetBasis(vector, filter),
            // Only the person's own payload filter can name a field the points lack; the restrictions name the ones they have.
            Notice = hits.Count == 0 && payloadFilter is not null ? await MissingFieldsNoticeAsync(request.Collection, payloadFilter, cancellationToken) : null,
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
            throw new SearchFailedException($"The query could not be embedded: {ex.Message}{ProviderHint(ex, request.Query)}", ex);
        }
    }

    /// <summary>What the person can do about a failed embedding, beyond the provider's own words.</summary>
    private static string ProviderHint(ProviderException ex, string query)
    {
        if (ex.Category == ProviderErrorCategory.BadRequest)
            return $" The provider refused the query itself: at {query.Length:N0} characters (about {TokenEstimator.EstimateTokens(query):N0} tokens) " +
                   "it may be over that model's input limit; shorten it and search again.";
        // One attempt: the integration asked has no fallback, so nothing else could stand in for it.
        return ex.Attempts.Count == 1 && ex.Category != ProviderErrorCategory.Configuration
            ? " It has no fallback integration to stand in for it; add one of the same model and dimension on the Integrations page, or pick another integration."
            : "";
    }

    /// <summary>
    /// Seed 003's hybrid restrictions (a hierarchy branch, a content type, a creation window) as a filter. A collection
    /// with seed 003's payload indexes (<c>hierarchy_table</c>, <c>leaf_id</c>, <c>content_type</c>) is filtered on them;
    /// any restriction its payload cannot answer (the indexing pipeline's collections of content, work items and pull
    /// requests carry only <c>table_name</c> and <c>record_id</c>) is resolved in PostgreSQL to the matching rows' ids.
    /// </summary>
    private async Task<Filter?> AddRestrictionsAsync(Filter? filter, SearchRequest request, CollectionInfo info, CancellationToken cancellationToken)
    {
        var scope = request.Scope;
        var contentType = string.IsNullOrWhiteSpace(request.ContentType) ? null : request.ContentType.Trim();
        if (scope is null && contentType is null && request.CreatedWithinDays is null) return filter;
        var conditions = new List<Condition>();
        int[]? leaves = null;
        if (scope is not null)
        {
            if (!Data.Configurations.HierarchyTables.All.Contains(scope.Table))
                throw new ValidationFailedException($"'{scope.Table}' is not a hierarchy table; use one of {string.Join(", ", Data.Configurations.HierarchyTables.All)}.", nameof(SearchRequest.Scope));
            await using var db = contexts.CreateReadOnlyDbContext();
            leaves = [.. await db.Hierarchy(scope.Table)
                .Where(n => n.Branch == scope.Branch && (scope.Limb == null || n.Limb == scope.Limb))
                .Select(n => n.Id).ToListAsync(cancellationToken)];
            if (leaves.Length == 0)
                throw new ValidationFailedException($"There is nothing under '{scope}' in {scope.Table}.", nameof(SearchRequest.Scope));
            if (info.PayloadSchema.ContainsKey("hierarchy_table") && info.PayloadSchema.ContainsKey("leaf_id"))
            {
                conditions.Add(new MatchValueCondition("hierarchy_table", scope.Table));
                conditions.Add(new MatchAnyCondition("leaf_id", [.. leaves.Select(id => FilterValue.Int(id))]));
                (scope, leaves) = (null, null);
            }
        }

        if (contentType is not null && info.PayloadSchema.ContainsKey("content_type"))
        {
            conditions.Add(new MatchValueCondition("content_type", contentType));
            contentType = null;
        }

        if (scope is not null || contentType is not null || request.CreatedWithinDays is not null)
            conditions.Add(await RecordsMatchingAsync(scope, leaves, contentType, request.CreatedWithinDays, cancellationToken));
        return filter is null ? Filter.All(conditions) : Filter.All([filter, .. conditions]);
    }

    /// <summary>
    /// The source rows meeting the restrictions, as a condition on the points' row reference (<c>table_name</c> +
    /// <c>record_id</c>, or seed 003's <c>content_id</c>). One query per source table the restrictions leave possible.
    /// </summary>
    private async Task<Condition> RecordsMatchingAsync(HierarchyScope? scope, int[]? leaves, string? contentType, int? days, CancellationToken cancellationToken)
    {
        var since = days is { } window ? DateTimeOffset.UtcNow.AddDays(-window) : (DateTimeOffset?)null;
        await using var db = contexts.CreateReadOnlyDbContext();
        var content = db.Content.AsQueryable();
        if (scope is not null) content = content.Where(c => c.HierarchyTable == scope.Table && leaves!.Contains(c.LeafId));
        if (contentType is not null) content = content.Where(c => c.ContentType == contentType);
        if (since is not null) content = content.Where(c => c.CreatedAt >= since);
        var byTable = new List<(string Table, List<int> Ids)>
        {
            (HitReference.Content, await content.OrderBy(c => c.Id).Select(c => c.Id).Take(MaxWindowIds + 1).ToListAsync(cancellationToken)),
        };

        // A hierarchy branch holds content only; work items have an item type, pull requests are all "Pull request".
        if (scope is null)
        {
            var workItems = db.WorkItems.AsQueryable();
            if (contentType is not null) workItems = workItems.Where(w => w.ItemType == contentType);
            if (since is not null) workItems = workItems.Where(w => w.CreatedAt >= since);
            byTable.Add((HitReference.WorkItems, await workItems.OrderBy(w => w.Id).Select(w => w.Id).Take(MaxWindowIds + 1).ToListAsync(cancellationToken)));
            if (contentType is null || string.Equals(contentType, HitHydrator.PullRequestType, StringComparison.OrdinalIgnoreCase))
            {
                var pullRequests = since is null ? db.PullRequests : db.PullRequests.Where(p => p.CreatedAt >= since);
                byTable.Add((HitReference.PullRequests, await pullRequests.OrderBy(p => p.Id).Select(p => p.Id).Take(MaxWindowIds + 1).ToListAsync(cancellationToken)));
            }
        }

        if (byTable.Sum(t => t.Ids.Count) > MaxWindowIds)
            throw new ValidationFailedException(
                $"More than {MaxWindowIds:N0} records match the {Describe(scope, contentType, days)}; narrow it down (a shorter creation window, a limb, or a payload filter).",
                days is not null ? nameof(SearchRequest.CreatedWithinDays) : nameof(SearchRequest.Scope));

        var options = new List<Condition>();
        foreach (var (table, ids) in byTable.Where(t => t.Ids.Count > 0))
        {
            FilterValue[] values = [.. ids.Select(id => FilterValue.Int(id))];
            options.Add(Filter.All(new MatchValueCondition("table_name", table), new MatchAnyCondition("record_id", values)));
            if (table == HitReference.Content) options.Add(new MatchAnyCondition("content_id", values));
        }

        // No row qualifies: a record id no row has, so the search finds nothing rather than everything.
        return options.Count == 0 ? new MatchAnyCondition("record_id", [FilterValue.Int(-1)]) : Filter.AnyOf(options);
    }

    private static string Describe(HierarchyScope? scope, string? contentType, int? days) => string.Join(", ", new[]
    {
        scope is null ? null : $"branch {scope}",
        contentType is null ? null : $"content type {contentType}",
        days is null ? null : $"creation window of {days} days",
    }.Where(p => p is not null));

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

    private async Task RememberAsync(Func<Task> record)
    {
        try
        {
            await record();
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
