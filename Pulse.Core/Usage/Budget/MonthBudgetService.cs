namespace Pulse.Core.Usage.Budget;

/// <summary>Builds <see cref="MonthBudgetView"/> from the same aggregates as the usage page (so the figures agree).</summary>
public sealed class MonthBudgetService(IUsageAggregates aggregates, TenantBudgetReader budgets, TimeProvider clock)
{
    /// <summary>The current UTC month of the tenant in scope; null when no single tenant is in scope.</summary>
    public async Task<MonthBudgetView?> CurrentMonthAsync(int? requestedTenantId = null, CancellationToken cancellationToken = default)
    {
        if (aggregates.ResolveTenant(requestedTenantId) is not { } tenantId) return null;
        var now = clock.GetUtcNow();
        var monthStart = UsagePeriods.MonthStart(now);
        var first = DateOnly.FromDateTime(monthStart.UtcDateTime);
        var next = DateOnly.FromDateTime(UsagePeriods.NextMonthStart(now).UtcDateTime);
        var report = await aggregates.QueryAsync(new UsageQuery(first, next, UsageGranularity.Day, tenantId), cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var daily = new List<(DateOnly, decimal)>();
        var cumulative = 0m;
        foreach (var slice in report.ByPeriod().Where(p => p.Period <= today))
        {
            cumulative += slice.Figures.Cost;
            daily.Add((slice.Period!.Value, cumulative));
        }
        var daysInMonth = next.DayNumber - first.DayNumber;
        var elapsedDays = Math.Max(1.0, (now - monthStart).TotalDays);
        var projected = decimal.Round(report.Totals.Cost * (decimal)(daysInMonth / elapsedDays), 8);
        if (projected < report.Totals.Cost) projected = report.Totals.Cost;
        var budget = await budgets.MonthlyBudgetAsync(tenantId, cancellationToken);
        return new MonthBudgetView(first, daysInMonth, report.Totals.Cost, budget, projected, daily);
    }
}
