using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Budget;

namespace Pulse.Core.Dashboard;

/// <summary>The dashboard's figures, read from the replica when one is configured.</summary>
public sealed class DashboardService(
    IPulseDbContextFactory contexts, PulseDatabase database, IUsageAggregates aggregates, TenantBudgetReader budgets, TimeProvider clock)
{
    public async Task<DashboardSummary> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var tenantId = aggregates.ResolveTenant(null);
        // One question answers the month so far and today: today is a day of the month's daily series.
        var month = await aggregates.QueryAsync(MonthBudgetService.CurrentMonth(now, tenantId), cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var todayFigures = month.ByPeriod().First(p => p.Period == today).Figures;
        var budget = tenantId is { } id ? MonthBudgetService.Build(month, await budgets.MonthlyBudgetAsync(id, cancellationToken), now) : null;

        await using var db = contexts.CreateReadOnlyDbContext();
        var counts = new DashboardCounts(
            await db.Projects.CountAsync(cancellationToken),
            await db.WorkItems.CountAsync(cancellationToken),
            await db.PullRequests.CountAsync(cancellationToken),
            await db.Content.CountAsync(cancellationToken),
            await db.Integrations.CountAsync(cancellationToken));
        return new DashboardSummary(tenantId, counts, month.Totals, todayFigures, budget,
            database.HasReplica && !database.ReadsFallBackToPrimary, database.ReadsFallBackToPrimary);
    }
}
