using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Usage;

namespace Pulse.Core.Dashboard;

/// <summary>The dashboard's figures, read from the replica when one is configured.</summary>
public sealed class DashboardService(IPulseDbContextFactory contexts, PulseDatabase database, TimeProvider clock)
{
    public async Task<DashboardSummary> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateReadOnlyDbContext();
        var now = clock.GetUtcNow();
        // The same rows the spend meter sums; without a tenant in scope (a platform admin) all tenants' rows.
        var usage = db.AiUsage.Where(u => u.CreatedAt >= UsagePeriods.MonthStart(now) && u.CreatedAt < UsagePeriods.NextMonthStart(now));
        return new DashboardSummary(
            await db.Projects.CountAsync(cancellationToken),
            await db.WorkItems.CountAsync(cancellationToken),
            await db.PullRequests.CountAsync(cancellationToken),
            await db.Content.CountAsync(cancellationToken),
            await db.Integrations.CountAsync(cancellationToken),
            await usage.SumAsync(u => (decimal?)u.Cost, cancellationToken) ?? 0m,
            await usage.CountAsync(cancellationToken),
            database.HasReplica && !database.ReadsFallBackToPrimary,
            database.ReadsFallBackToPrimary);
    }
}
