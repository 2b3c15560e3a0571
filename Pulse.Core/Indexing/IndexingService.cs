using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Indexing;

/// <summary>
/// What the indexing page does: list sources with their jobs, start, pause, resume and cancel jobs, show and retry parked
/// rows, run the reconciler and repair. Ops reach their own tenant; platform admins every tenant (or the one they picked).
/// </summary>
public sealed class IndexingService(
    IPulseDbContextFactory contexts,
    ITenantContext caller,
    PulseDatabase database,
    PipelineConfigurationReader configuration,
    VectorReconciler reconciler,
    IndexingJobQueue queue,
    IndexingSignal signal)
{
    /// <summary>Every source of every tenant the caller manages, with its active or latest job.</summary>
    public async Task<IReadOnlyList<SourceStatus>> ListSourcesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateDbContext();
        var tenants = await VisibleTenantsAsync(db, cancellationToken).ConfigureAwait(false);
        var ids = tenants.Keys.ToArray();
        var jobs = await db.Set<IndexingJob>().AsNoTracking().Where(j => ids.Contains(j.TenantId))
            .GroupBy(j => new { j.TenantId, j.SourceTable })
            .Select(g => g.OrderByDescending(j => j.State == IndexingJobStates.Queued || j.State == IndexingJobStates.Running || j.State == IndexingJobStates.Paused).ThenByDescending(j => j.Id).First())
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var points = await db.Set<QdrantVectorRef>().Where(v => ids.Contains(v.TenantId))
            .GroupBy(v => new { v.TenantId, v.TableName }).Select(g => new { g.Key.TenantId, g.Key.TableName, Count = g.LongCount() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var parked = await db.Set<IndexingParkedRow>().Where(p => ids.Contains(p.TenantId))
            .GroupBy(p => new { p.TenantId, p.SourceTable }).Select(g => new { g.Key.TenantId, g.Key.SourceTable, Count = g.Count() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        var result = new List<SourceStatus>();
        foreach (var (tenantId, name) in tenants)
        {
            var settings = await configuration.ReadAsync(tenantId, cancellationToken).ConfigureAwait(false);
            foreach (var source in settings.Sources)
                result.Add(new SourceStatus(tenantId, name, source, CollectionNames.ForTenant(tenantId, source.Collection),
                    points.FirstOrDefault(p => p.TenantId == tenantId && p.TableName == source.Table)?.Count ?? 0,
                    parked.FirstOrDefault(p => p.TenantId == tenantId && p.SourceTable == source.Table)?.Count ?? 0,
                    jobs.FirstOrDefault(j => j.TenantId == tenantId && j.SourceTable == source.Table), settings.Notes));
        }
        return result;
    }

    /// <summary>The latest jobs of one source, newest first.</summary>
    public async Task<IReadOnlyList<IndexingJob>> ListJobsAsync(int tenantId, string table, int take = 10, CancellationToken cancellationToken = default)
    {
        Authorize(tenantId);
        await using var db = contexts.CreateDbContext();
        return await db.Set<IndexingJob>().AsNoTracking().Where(j => j.TenantId == tenantId && j.SourceTable == table)
            .OrderByDescending(j => j.Id).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a job for the source; <see cref="IndexingException"/> when one is already queued, running or paused.</summary>
    public async Task<IndexingJob> StartAsync(int tenantId, string table, CancellationToken cancellationToken = default)
    {
        Authorize(tenantId);
        return await queue.TryQueueAsync(tenantId, table, caller.UserId, cancellationToken).ConfigureAwait(false)
            ?? throw new IndexingException($"A job for {BuiltInSources.Label(table)} is already queued, running or paused. Wait for it to finish, or cancel it first.");
    }

    /// <summary>Pauses a queued or running job; it stops after its current batch and keeps its cursor.</summary>
    public Task PauseAsync(long jobId, CancellationToken cancellationToken = default) =>
        TransitionAsync(jobId, "state = 'paused'", "state IN ('queued', 'running')", "only a queued or running job can be paused", cancellationToken);

    /// <summary>Resumes a paused job from its cursor.</summary>
    public async Task ResumeAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await TransitionAsync(jobId, "state = 'queued', error = NULL", "state = 'paused'", "only a paused job can be resumed", cancellationToken).ConfigureAwait(false);
        signal.Wake();
    }

    /// <summary>Cancels a job; points already written stay (a later job skips them as unchanged).</summary>
    public Task CancelAsync(long jobId, CancellationToken cancellationToken = default) =>
        TransitionAsync(jobId, "state = 'cancelled', finished_at = now()", "state IN ('queued', 'running', 'paused')", "it has already ended", cancellationToken);

    /// <summary>The rows of a source parked with their errors, most recent first.</summary>
    public async Task<IReadOnlyList<IndexingParkedRow>> ListParkedAsync(int tenantId, string table, int take = 100, CancellationToken cancellationToken = default)
    {
        Authorize(tenantId);
        await using var db = contexts.CreateDbContext();
        return await db.Set<IndexingParkedRow>().AsNoTracking().Where(p => p.TenantId == tenantId && p.SourceTable == table)
            .OrderByDescending(p => p.LastFailedAt).ThenBy(p => p.RecordId).Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Retries the parked rows of a source: a new job indexes them (and skips every unchanged row).</summary>
    public Task<IndexingJob> RetryParkedAsync(int tenantId, string table, CancellationToken cancellationToken = default) =>
        StartAsync(tenantId, table, cancellationToken);

    /// <summary>Runs the reconciler for a tenant (read only).</summary>
    public Task<ReconciliationReport> ReconcileAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        Authorize(tenantId);
        return reconciler.ReconcileAsync(tenantId, cancellationToken);
    }

    /// <summary>Repairs drift: deletes orphan points and queues jobs to re-embed missing and stale ones.</summary>
    public async Task<RepairResult> RepairAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        Authorize(tenantId);
        var result = await reconciler.RepairAsync(tenantId,
            async (tenant, table, ct) => await queue.TryQueueAsync(tenant, table, caller.UserId, ct).ConfigureAwait(false) is not null,
            cancellationToken).ConfigureAwait(false);
        return result;
    }

    private async Task TransitionAsync(long jobId, string set, string when, string refusal, CancellationToken cancellationToken)
    {
        IndexingJob? job;
        await using (var db = contexts.CreateDbContext())
            job = await db.Set<IndexingJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken).ConfigureAwait(false);
        if (job is null) throw new IndexingException("That job does not exist (or belongs to another tenant).");
        Authorize(job.TenantId);
        await using var command = database.Primary.CreateCommand($"UPDATE indexing_jobs SET {set}, updated_at = now() WHERE id = @id AND {when}");
        command.Parameters.AddWithValue("id", jobId);
        if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            throw new IndexingException($"Job {jobId} did not change: {refusal}.");
    }

    private async Task<Dictionary<int, string>> VisibleTenantsAsync(PulseDbContext db, CancellationToken cancellationToken)
    {
        var query = db.Tenants.AsNoTracking().Where(t => t.Active);
        if (!caller.IsPlatformAdmin || caller.TenantId is not null)
        {
            if (!caller.IsPlatformAdmin && !caller.Roles.Contains(PulseRoles.Ops)) return [];
            var only = caller.TenantId ?? 0;
            query = query.Where(t => t.Id == only);
        }
        return await query.OrderBy(t => t.Name).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken).ConfigureAwait(false);
    }

    private void Authorize(int tenantId)
    {
        if (caller.IsPlatformAdmin) return;
        if (!caller.Roles.Contains(PulseRoles.Ops))
            throw new TenantAccessDeniedException("Only ops and platform admins manage indexing.");
        if (caller.TenantId != tenantId)
            throw new TenantAccessDeniedException("Access denied: that tenant's indexing belongs to another tenant.");
    }
}
