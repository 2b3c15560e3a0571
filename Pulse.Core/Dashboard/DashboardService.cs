using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;

namespace Pulse.Core.Dashboard;

/// <summary>The dashboard's figures, read from the replica when one is configured.</summary>
public sealed class DashboardService(IPulseDbContextFactory contexts, PulseDatabase database)
{
    public async Task<DashboardSummary> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateReadOnlyDbContext();
        var now = DateTimeOffset.UtcNow;
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var usage = db.AiUsage.Where(u => u.CreatedAt >= monthStart);
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
