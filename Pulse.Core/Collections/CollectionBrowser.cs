using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Collections.Schema;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Collections;

/// <summary>
/// Read-only browsing of the caller's collections: the list, one collection's detail, cursor-paged points,
/// payload fields and keyword facets, find-similar. Everything goes through <see cref="TenantVectorStore"/>, so a
/// tenant never reads another tenant's collection (a refusal raises <see cref="VectorStoreAccessDeniedException"/>).
/// </summary>
public sealed class CollectionBrowser(TenantVectorStore store, ITenantContext tenant, IPulseDbContextFactory databases)
{
    /// <summary>Points read to infer payload fields; enough to see every field of a regular collection.</summary>
    public const int FieldSampleSize = 200;

    /// <summary>Points read to count values when the store cannot facet a field (Qdrant without an index on it).</summary>
    public const int FacetSampleSize = 2000;

    /// <summary>The largest page the points browser asks for.</summary>
    public const int MaxPageSize = 200;

    /// <summary>True when the caller may change collections (the page hides actions otherwise; the services refuse them).</summary>
    public bool CanManage => CollectionPermissions.CanManage(tenant);

    /// <summary>The caller's collections (and the platform ones for platform admins and ops), sorted by name.</summary>
    public async Task<IReadOnlyList<CollectionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        var names = await store.ListCollectionsAsync(cancellationToken);
        var aliases = await store.ListAliasesAsync(cancellationToken);
        var versions = await LatestVersionsAsync(names, cancellationToken);
        var rows = new List<CollectionSummary>(names.Count);
        foreach (var name in names)
        {
            var aliasNames = aliases.Where(a => a.CollectionName == name).Select(a => a.AliasName).Order(StringComparer.Ordinal).ToList();
            var scope = CollectionNames.IsPlatform(name) ? "Platform" : "Tenant";
            try
            {
                var info = await store.GetCollectionInfoAsync(name, cancellationToken);
                rows.Add(new CollectionSummary(name, scope, info.Status, info.PointsCount, info.IndexedVectorsCount, info.SegmentsCount,
                    info.Config.VectorSize, info.Config.Distance, info.PointsCount * info.Config.VectorSize * sizeof(float),
                    [.. info.PayloadSchema.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} ({p.Value.ToString().ToLowerInvariant()})")],
                    aliasNames, Version(versions, name, aliasNames)?.Version));
            }
            catch (VectorStoreException ex) when (ex.Kind == VectorStoreErrorKind.NotFound)
            {
                // Dropped between the list and the read: leave it out.
            }
            catch (VectorStoreException ex) when (ex is not VectorStoreAccessDeniedException)
            {
                rows.Add(new CollectionSummary(name, scope, CollectionStatus.Red, 0, 0, 0, 0, Distance.Cosine, 0, [], aliasNames, null, ex.Message));
            }
        }

        return rows;
    }

    /// <summary>Configuration, aliases, snapshots (for those who manage them), payload fields and schema version of one collection.</summary>
    public async Task<CollectionDetail> GetAsync(string collectionName, CancellationToken cancellationToken = default)
    {
        var info = await store.GetCollectionInfoAsync(collectionName, cancellationToken);
        var aliases = (await store.ListAliasesAsync(cancellationToken))
            .Where(a => a.CollectionName == info.Name).Select(a => a.AliasName).Order(StringComparer.Ordinal).ToList();
        var snapshots = CanManage ? await store.ListSnapshotsAsync(info.Name, cancellationToken) : [];
        var fields = await PayloadFieldsAsync(info, cancellationToken);
        var version = Version(await LatestVersionsAsync([info.Name, .. aliases], cancellationToken), info.Name, aliases);
        return new CollectionDetail(info, aliases, snapshots, fields, version, CanManage);
    }

    /// <summary>One page of points in id order (payloads, no vectors), with how many points match in total.</summary>
    /// <param name="collectionName">The collection or alias.</param>
    /// <param name="filter">Only points matching it; null for all.</param>
    /// <param name="offset">The previous page's <see cref="PointsPage.NextOffset"/>; null for the first page.</param>
    /// <param name="limit">Page size, 1 to <see cref="MaxPageSize"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<PointsPage> BrowseAsync(string collectionName, Filter? filter, PointId? offset, int limit, CancellationToken cancellationToken = default)
    {
        if (limit is < 1 or > MaxPageSize)
        {
            throw new ValidationFailedException($"Page size {limit} is out of range: use 1 to {MaxPageSize}.", nameof(limit));
        }

        var page = await store.ScrollAsync(collectionName, new ScrollRequest { Filter = filter, Offset = offset, Limit = limit }, cancellationToken);
        var count = await store.CountAsync(collectionName, filter, cancellationToken);
        return new PointsPage(page.Points, page.NextOffset, count);
    }

    /// <summary>How many points match <paramref name="filter"/> (all points when null).</summary>
    public Task<long> CountAsync(string collectionName, Filter? filter, CancellationToken cancellationToken = default) =>
        store.CountAsync(collectionName, filter, cancellationToken);

    /// <summary>One point with payload and vector; null when it does not exist.</summary>
    public async Task<PointRecord?> GetPointAsync(string collectionName, PointId id, CancellationToken cancellationToken = default) =>
        (await store.GetPointsAsync(collectionName, [id], withPayload: true, withVector: true, cancellationToken)).FirstOrDefault();

    /// <summary>The points nearest to point <paramref name="id"/>, best first, without the point itself.</summary>
    public async Task<IReadOnlyList<ScoredPoint>> FindSimilarAsync(string collectionName, PointId id, int limit = 10, Filter? filter = null, CancellationToken cancellationToken = default)
    {
        var point = await GetPointAsync(collectionName, id, cancellationToken)
            ?? throw new VectorStoreException(VectorStoreErrorKind.NotFound, $"Point {id} does not exist in '{collectionName}'.");
        var hits = await store.QueryAsync(collectionName, new VectorQuery(point.Vector!) { Limit = limit + 1, Filter = filter }, cancellationToken);
        return [.. hits.Where(h => h.Id != id).Take(limit)];
    }

    /// <summary>
    /// The most common values of <paramref name="field"/> with their counts over the whole collection, most common first
    /// (the store's facet, exact over every point). See the overload taking a filter.
    /// </summary>
    public Task<FacetCounts> FacetAsync(string collectionName, string field, int limit = 25, CancellationToken cancellationToken = default) =>
        FacetAsync(collectionName, field, null, limit, cancellationToken);

    /// <summary>
    /// The most common values of <paramref name="field"/> among the points matching <paramref name="filter"/> (every point
    /// when null), with exact counts over all of them from the store's facet. A store that cannot facet the field (Qdrant
    /// without a keyword, integer or bool index on it) is answered from a sample of the first <see cref="FacetSampleSize"/>
    /// matching points in id order instead, and the result says so (<see cref="FacetCounts.Exact"/> false).
    /// </summary>
    public async Task<FacetCounts> FacetAsync(string collectionName, string field, Filter? filter, int limit = 25, CancellationToken cancellationToken = default)
    {
        if (limit < 1)
        {
            throw new ValidationFailedException($"Value limit {limit} is out of range: use 1 or more.", nameof(limit));
        }

        var total = await store.CountAsync(collectionName, filter, cancellationToken);
        try
        {
            var hits = await store.FacetAsync(collectionName, field, filter, limit, exact: true, cancellationToken);
            return FacetCounts.OverAll([.. hits.Select(h => new FacetValue(h.Text, h.Count))], total);
        }
        catch (PayloadIndexRequiredException)
        {
            // No index to facet with (Qdrant): count a sample instead; the result says it is one.
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var sampled = 0L;
        await foreach (var point in SampleAsync(collectionName, FacetSampleSize, filter, cancellationToken))
        {
            sampled++;
            foreach (var value in PayloadSampling.Values(point.Payload, field).Distinct(StringComparer.Ordinal))
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
            }
        }

        return FacetCounts.FromSample(
            [.. counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).Take(limit).Select(c => new FacetValue(c.Key, c.Value))],
            Math.Max(total, sampled), sampled);
    }

    private async Task<IReadOnlyList<PayloadField>> PayloadFieldsAsync(CollectionInfo info, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, (SortedSet<string> Types, int Count)>(StringComparer.Ordinal);
        await foreach (var point in SampleAsync(info.Name, FieldSampleSize, null, cancellationToken))
        {
            foreach (var (path, type) in PayloadSampling.Fields(point.Payload))
            {
                var entry = seen.TryGetValue(path, out var e) ? e : (Types: new SortedSet<string>(StringComparer.Ordinal), Count: 0);
                entry.Types.Add(type);
                seen[path] = (entry.Types, entry.Count + 1);
            }
        }

        foreach (var indexed in info.PayloadSchema.Keys.Where(k => !seen.ContainsKey(k)))
        {
            seen[indexed] = ([], 0);
        }

        return [.. seen.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new PayloadField(
            s.Key, [.. s.Value.Types], info.PayloadSchema.TryGetValue(s.Key, out var type) ? type : null, s.Value.Count))];
    }

    private async IAsyncEnumerable<PointRecord> SampleAsync(string collectionName, int size, Filter? filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PointId? offset = null;
        var read = 0;
        do
        {
            var page = await store.ScrollAsync(collectionName, new ScrollRequest { Filter = filter, Offset = offset, Limit = Math.Min(250, size - read) }, cancellationToken);
            foreach (var point in page.Points)
            {
                yield return point;
            }

            read += page.Points.Count;
            offset = page.NextOffset;
        }
        while (offset is not null && read < size);
    }

    private async Task<IReadOnlyList<CollectionSchemaVersion>> LatestVersionsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return [];
        }

        await using var db = databases.CreateReadOnlyDbContext();
        var rows = await db.Set<CollectionSchemaVersion>().AsNoTracking()
            .Where(v => names.Contains(v.CollectionName) || names.Contains(v.PhysicalName))
            .OrderByDescending(v => v.AppliedAt).ThenByDescending(v => v.Id)
            .ToListAsync(cancellationToken);
        return rows;
    }

    private static SchemaVersionSummary? Version(IReadOnlyList<CollectionSchemaVersion> rows, string name, IReadOnlyList<string> aliases)
    {
        var row = rows.FirstOrDefault(v => v.PhysicalName == name || v.CollectionName == name || aliases.Contains(v.CollectionName));
        return row is null ? null : new SchemaVersionSummary(row.SchemaName, row.Version, row.AppliedByName, row.AppliedAt);
    }
}
