using Pulse.Core.Collections.Schema;
using Pulse.Core.Indexing;
using Pulse.Core.Operations.Health;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Operations.Probes;

/// <summary>
/// One row per vector store collection: status, optimizer, points against indexed vectors, segments, warnings, the
/// tenant's last reconciler finding and drift against the collection's declared schema. A declared collection missing
/// from the store gets a red row of its own.
/// </summary>
public sealed class CollectionHealthSource(IVectorStore store, SchemaDriftChecker schemas, ReconciliationLog reconciliations) : IHealthSource
{
    public const string ComponentName = "Collections";

    /// <summary>Why "indexed vectors" may legitimately be below "points".</summary>
    public const string IndexedExplanation =
        "Indexed vectors can be fewer than points without anything being wrong: Qdrant builds the HNSW index of a segment only once it " +
        "passes the indexing threshold (about 10,000 KB of vectors by default), so small collections and freshly written points are " +
        "searched exactly instead; and while an optimizer rebuilds segments the count catches up. A collection that stays far below for " +
        "hours while green is worth a look at its optimizer settings.";

    public string Component => ComponentName;

    public async Task<IReadOnlyList<HealthRow>> ProbeAsync(CancellationToken cancellationToken)
    {
        var drifts = await schemas.CheckAsync(null, cancellationToken);
        var lastChecks = await reconciliations.LatestAsync(cancellationToken);
        var aliases = await store.ListAliasesAsync(cancellationToken);
        var rows = new List<HealthRow>();
        foreach (var name in await store.ListCollectionsAsync(cancellationToken))
        {
            int? tenantId = CollectionNames.TryParseTenant(name, out var owner, out _) ? owner : null;
            var drift = drifts.FirstOrDefault(d => d.LiveCollection == name);
            var names = aliases.Where(a => a.CollectionName == name).Select(a => a.AliasName).Append(name);
            var lastCheck = tenantId is { } t && lastChecks.TryGetValue(t, out var r) && names.Any(n => r.Collections.Contains(n)) ? r : null;
            try
            {
                rows.Add(Row(await store.GetCollectionInfoAsync(name, cancellationToken), tenantId, drift, lastCheck));
            }
            catch (VectorStoreException ex)
            {
                rows.Add(new HealthRow(Component, name, HealthStatus.Red, $"The collection's state could not be read: {ex.Message}", [], tenantId));
            }
        }

        foreach (var missing in drifts.Where(d => d.LiveCollection is null))
            rows.Add(new HealthRow(Component, missing.Collection, HealthStatus.Red,
                $"{missing.Summary} Searches of it fail until the schema is applied again (Collections page, Schemas tab).",
                [new("schema_drift", "Schema drift", 1)], missing.TenantId));

        if (rows.Count == 0)
            rows.Add(new HealthRow(Component, "No collections", HealthStatus.Grey, "The vector store has no collections yet; they appear here once created or indexed.", []) { IsPlaceholder = true });
        return rows;
    }

    /// <summary>The row for one collection's info (public so the API describes collections the same way).</summary>
    public static HealthRow Row(CollectionInfo info, int? tenantId) => Row(info, tenantId, null, null);

    /// <summary>
    /// The row for one collection's info with its declared schema's drift and the tenant's last reconciler finding: either
    /// raises a green or grey row to yellow, and says why.
    /// </summary>
    public static HealthRow Row(CollectionInfo info, int? tenantId, SchemaDrift? drift, ReconciliationResult? lastCheck)
    {
        var (status, reason, optimizer) = info.Status switch
        {
            CollectionStatus.Green => (HealthStatus.Green, "Green: all segments optimized, searches use the index.", "ok"),
            CollectionStatus.Yellow => (HealthStatus.Yellow, "Yellow: the optimizer is running; searches work but may be slower until it finishes.", "optimizing"),
            CollectionStatus.Grey => (HealthStatus.Grey, "Grey: optimizations are pending but not triggered; they start with the next update to the collection.", "waiting"),
            _ => (HealthStatus.Red, "Red: an operation failed and was not recovered; check the vector store's log.", "error"),
        };
        var warnings = new List<string>();
        if (info.PointsCount > 0 && info.IndexedVectorsCount < info.PointsCount)
            warnings.Add($"{info.PointsCount - info.IndexedVectorsCount:N0} of {info.PointsCount:N0} points are not in the vector index yet (see the note).");
        if (info.PointsCount == 0)
            warnings.Add("The collection is empty.");
        if (drift is { HasDrift: true })
        {
            warnings.Add(drift.Summary);
            status = Max(status, HealthStatus.Yellow);
        }

        if (lastCheck is { IsClean: false, RepairedAt: null })
            status = Max(status, HealthStatus.Yellow);
        if (lastCheck is not null)
            warnings.Add(lastCheck.Summary);

        List<HealthFigure> figures =
        [
            new("points", "Points", info.PointsCount),
            new("indexed_vectors", "Indexed vectors", info.IndexedVectorsCount),
            new("segments", "Segments", info.SegmentsCount),
        ];
        if (drift is not null)
            figures.Add(new("schema_drift", "Schema drift", drift.HasDrift ? 1 : 0));
        if (lastCheck is not null)
            figures.Add(new("reconcile_drift", "Reconciler findings", lastCheck.Missing + lastCheck.Orphans + lastCheck.StaleModel));
        var declared = drift is null ? "No declared schema (created without one)." : drift.Summary;
        return new HealthRow(ComponentName, info.Name, status, string.Join(" ", [reason, .. warnings]), figures, tenantId)
        {
            Detail = $"Optimizer: {optimizer}. Vector size {info.Config.VectorSize}, distance {info.Config.Distance}. {declared} " +
                $"{lastCheck?.Summary ?? "Never reconciled."} {IndexedExplanation}",
        };
    }

    private static HealthStatus Max(HealthStatus a, HealthStatus b) => a > b ? a : b;
}
