namespace Pulse.Core.Usage.Budget;

/// <summary>Builds <see cref="MonthBudgetView"/> from the same aggregates as the usage page (so the figures agree).</summary>
public sealed class MonthBudgetService(IUsageAggregates aggregates, TenantBudgetReader budgets, TimeProvider clock)
{
    /// <summary>The current UTC month of the tenant in scope; null when no single tenant is in scope.</summary>
    public async Task<MonthBudgetView?> CurrentMonthAsync(int? requestedTenantId = null, CancellationToken cancellationToken = default)
    {
        if (aggregates.ResolveTenant(requestedTenantId) is not { } tenantId) return null;
        var now = clock.GetUtcNow();
        var report = await aggregates.QueryAsync(CurrentMonth(now, tenantId), cancellationToken);
        return Build(report, await budgets.MonthlyBudgetAsync(tenantId, cancellationToken), now);
    }

    /// <summary>The question behind the view: the UTC month of <paramref name="now"/>, by day.</summary>
    public static UsageQuery CurrentMonth(DateTimeOffset now, int? tenantId) =>
        new(DateOnly.FromDateTime(UsagePeriods.MonthStart(now).UtcDateTime), DateOnly.FromDateTime(UsagePeriods.NextMonthStart(now).UtcDateTime),
            UsageGranularity.Day, tenantId);

    /// <summary>The view of <paramref name="report"/> (a <see cref="CurrentMonth"/> report) against <paramref name="budget"/>.</summary>
    public static MonthBudgetView Build(UsageReport report, decimal? budget, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(report);
        var monthStart = UsagePeriods.MonthStart(now);
        var first = report.Query.FromDay;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var daily = new List<(DateOnly, decimal)>();
        var cumulative = 0m;
        foreach (var slice in report.ByPeriod().Where(p => p.Period <= today))
        {
            cumulative += slice.Figures.Cost;
            daily.Add((slice.Period!.Value, cumulative));
        }
        var daysInMonth = report.Query.Days;
        var elapsedDays = Math.Max(1.0, (now - monthStart).TotalDays);
        var projected = decimal.Round(report.Totals.Cost * (decimal)(daysInMonth / elapsedDays), 8);
        if (projected < report.Totals.Cost) projected = report.Totals.Cost;
        return new MonthBudgetView(first, daysInMonth, report.Totals.Cost, budget, projected, daily);
    }
}
