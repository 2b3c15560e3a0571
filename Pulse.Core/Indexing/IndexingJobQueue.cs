using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Indexing;

/// <summary>
/// Queues jobs for system callers (the page's service after its checks, the reconciler's repair, the demo seed, tools).
/// The database decides whether a source is free: its unique partial index admits one queued, running or paused job per source.
/// </summary>
public sealed class IndexingJobQueue(PulseDatabase database, PipelineConfigurationReader configuration, IndexingSignal signal)
{
    /// <summary>A new queued job for the source, or null when one is already active.</summary>
    public async Task<IndexingJob?> TryQueueAsync(int tenantId, string table, string? requestedBy, CancellationToken cancellationToken = default)
    {
        var source = (await configuration.ReadAsync(tenantId, cancellationToken).ConfigureAwait(false)).Find(table)
            ?? throw new IndexingException($"'{table}' is not a source of this tenant's pipeline.");
        var job = new IndexingJob
        {
            TenantId = tenantId, SourceTable = table, CollectionName = CollectionNames.ForTenant(tenantId, source.Collection), RequestedBy = requestedBy,
        };
        await using var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.ForTenant(tenantId));
        db.Add(job);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return null;
        }
        signal.Wake();
        return job;
    }
}
