using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Demo;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Indexing;

/// <summary>
/// Indexes the demo tenants' content, work items and pull requests by running the real pipeline once per source, so the
/// search page has results and the indexing page a finished job history. Idempotent: a source with a completed job is skipped.
/// </summary>
internal sealed class IndexingDemoSeedStep(PulseDatabase database, IndexingJobQueue queue, IndexingJobExecutor executor) : IDemoSeedStep
{
    public int Order => 400;

    public async Task SeedAsync(IReadOnlyDictionary<string, int> tenantIdsBySlug, CancellationToken cancellationToken)
    {
        foreach (var tenantId in tenantIdsBySlug.Values)
        {
            foreach (var table in BuiltInSources.Tables)
            {
                await using (var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.ForTenant(tenantId)))
                {
                    if (await db.Set<IndexingJob>().AnyAsync(j => j.SourceTable == table && j.State == IndexingJobStates.Completed, cancellationToken)) continue;
                }
                var job = await queue.TryQueueAsync(tenantId, table, "demo seed", cancellationToken);
                // A job already active is the runner's to finish; one we queued we run here, so the demo is indexed when start-up ends.
                if (job is not null) await executor.TryRunAsync(job.Id, cancellationToken);
            }
        }
    }
}
