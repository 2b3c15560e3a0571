using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Indexing;

/// <summary>
/// Compares a tenant's <c>qdrant_vectors</c> rows with the points actually in its indexing collections: points recorded
/// but missing from the store, points in the store recorded nowhere (orphans), and points made by a model other than the
/// tenant's current one. Repair deletes orphans and marks the other records for re-embedding by the next job.
/// </summary>
public sealed class VectorReconciler(
    PulseDatabase database, IVectorStore store, PipelineConfigurationReader configuration, IServiceScopeFactory scopes, ReconciliationLog log)
{
    private const int ScrollPage = 1000;

    /// <summary>Checks one tenant (reads everything; changes no point or record) and keeps the finding for the health page.</summary>
    public async Task<ReconciliationReport> ReconcileAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        var report = (await ScanAsync(tenantId, cancellationToken).ConfigureAwait(false)).Report;
        await log.RecordAsync(report, null, cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>Checks the tenant again and fixes what it finds; re-embedding happens in the jobs this queues.</summary>
    public async Task<RepairResult> RepairAsync(int tenantId, Func<int, string, CancellationToken, Task<bool>> queueJob, CancellationToken cancellationToken = default)
    {
        var scan = await ScanAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var vectors = Store(tenantId);
        foreach (var collection in scan.Orphans.GroupBy(o => o.Collection))
            foreach (var chunk in collection.Select(o => (PointId)o.PointId).Chunk(500))
                await vectors.DeletePointsAsync(collection.Key, PointSelector.Ids(chunk), wait: true, cancellationToken).ConfigureAwait(false);

        var reset = scan.Missing.Concat(scan.Stale).Select(r => r.RowId).Distinct().ToArray();
        if (reset.Length > 0)
        {
            // An empty hash never matches, so the next job re-embeds these records and upserts their points again.
            await using var command = database.Primary.CreateCommand("UPDATE qdrant_vectors SET content_hash = '' WHERE tenant_id = @t AND id = ANY(@ids)");
            command.Parameters.AddWithValue("t", tenantId);
            command.Parameters.AddWithValue("ids", reset);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var queued = new List<string>();
        var busy = new List<string>();
        foreach (var table in scan.Missing.Concat(scan.Stale).Select(r => r.Table).Distinct().Order(StringComparer.Ordinal))
            (await queueJob(tenantId, table, cancellationToken).ConfigureAwait(false) ? queued : busy).Add(table);
        var records = scan.Missing.Concat(scan.Stale).Select(r => (r.Table, r.RecordId)).Distinct().Count();
        await log.RecordAsync(scan.Report, scan.Report.IsClean ? null : DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        return new RepairResult(scan.Orphans.Count, records, queued, busy);
    }

    private async Task<Scan> ScanAsync(int tenantId, CancellationToken cancellationToken)
    {
        var currentModel = await CurrentModelAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var refs = await ReadRefsAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var settings = await configuration.ReadAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var collections = refs.Select(r => r.Collection)
            .Concat(settings.Sources.Select(s => CollectionNames.ForTenant(tenantId, s.Collection)))
            .Distinct().Order(StringComparer.Ordinal).ToList();

        var vectors = Store(tenantId);
        var missing = new List<Ref>();
        var orphans = new List<DriftItem>();
        long stored = 0;
        foreach (var collection in collections)
        {
            var recorded = refs.Where(r => r.Collection == collection).ToDictionary(r => r.Point);
            var present = await PointIdsAsync(vectors, collection, cancellationToken).ConfigureAwait(false);
            stored += present.Count;
            missing.AddRange(recorded.Values.Where(r => !present.Contains(r.Point)));
            orphans.AddRange(present.Where(p => !recorded.ContainsKey(p))
                .Select(p => new DriftItem(DriftKind.Orphan, collection, p, null, null, "In the store, but no qdrant_vectors row records it.")));
        }
        var stale = currentModel is null ? [] : refs.Where(r => !string.Equals(r.Model, currentModel, StringComparison.OrdinalIgnoreCase)).ToList();

        var samples = missing.Take(ReconciliationReport.SamplesPerKind)
            .Select(r => new DriftItem(DriftKind.Missing, r.Collection, r.Point, r.Table, r.RecordId, "Recorded in qdrant_vectors, but not in the store."))
            .Concat(orphans.Take(ReconciliationReport.SamplesPerKind))
            .Concat(stale.Take(ReconciliationReport.SamplesPerKind)
                .Select(r => new DriftItem(DriftKind.StaleModel, r.Collection, r.Point, r.Table, r.RecordId, $"Made by '{r.Model}'; the current model is '{currentModel}'.")))
            .ToList();
        var report = new ReconciliationReport(tenantId, DateTimeOffset.UtcNow, currentModel ?? "(no embedding provider configured)",
            refs.Count, stored, collections, missing.Count, orphans.Count, stale.Count, samples);
        return new Scan(report, missing, orphans, stale);
    }

    private async Task<string?> CurrentModelAsync(int tenantId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var chain = await scope.ServiceProvider.GetRequiredService<IIntegrationChainResolver>()
            .ResolveAsync(tenantId, ProviderSubtype.Embedding, null, cancellationToken).ConfigureAwait(false);
        return chain.Count == 0 ? null : chain[0].Spec.UsageModelName;
    }

    private async Task<List<Ref>> ReadRefsAsync(int tenantId, CancellationToken cancellationToken)
    {
        await using var command = database.Primary.CreateCommand(
            "SELECT id, table_name, record_id, qdrant_collection, qdrant_point_id, embedding_model FROM qdrant_vectors WHERE tenant_id = @t");
        command.Parameters.AddWithValue("t", tenantId);
        var refs = new List<Ref>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            refs.Add(new Ref(reader.GetInt32(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetGuid(4), reader.GetString(5)));
        return refs;
    }

    private static async Task<HashSet<Guid>> PointIdsAsync(TenantVectorStore vectors, string collection, CancellationToken cancellationToken)
    {
        var ids = new HashSet<Guid>();
        if (!await vectors.ResolvesAsync(collection, cancellationToken).ConfigureAwait(false)) return ids;
        PointId? offset = null;
        do
        {
            var page = await vectors.ScrollAsync(collection, new ScrollRequest { Limit = ScrollPage, Offset = offset, WithPayload = false }, cancellationToken).ConfigureAwait(false);
            foreach (var point in page.Points)
                if (point.Id.IsUuid) ids.Add(point.Id.Uuid);
            offset = page.NextOffset;
        }
        while (offset is not null);
        return ids;
    }

    private TenantVectorStore Store(int tenantId) => new(store, SystemTenantContext.ForTenant(tenantId));

    private sealed record Ref(int RowId, string Table, int RecordId, string Collection, Guid Point, string Model);

    private sealed record Scan(ReconciliationReport Report, List<Ref> Missing, List<DriftItem> Orphans, List<Ref> Stale);
}
