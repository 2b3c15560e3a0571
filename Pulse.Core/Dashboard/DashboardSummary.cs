using Pulse.Core.Usage;
using Pulse.Core.Usage.Budget;

namespace Pulse.Core.Dashboard;

/// <summary>
/// What the dashboard shows for the tenant in scope (or all tenants for a platform admin without one). The usage
/// figures are the usage page's (<see cref="IUsageAggregates"/>) and the budget view is the preferences gauge's
/// (<see cref="MonthBudgetService.Build"/>), so the three never disagree.
/// </summary>
/// <param name="TenantId">The tenant the figures belong to; null when they cover every tenant.</param>
/// <param name="Counts">How much data the tenant (or the platform) holds.</param>
/// <param name="MonthToDate">The figures of the current UTC month so far.</param>
/// <param name="Today">The figures of the current UTC day.</param>
/// <param name="Budget">Month-to-date spend against the tenant's budget; null without a single tenant in scope.</param>
/// <param name="ReadsFromReplica">True when the figures came from the read replica.</param>
/// <param name="ReadsFellBack">True when a replica is configured but unreachable, so the primary answered.</param>
public sealed record DashboardSummary(
    int? TenantId, DashboardCounts Counts, UsageFigures MonthToDate, UsageFigures Today, MonthBudgetView? Budget,
    bool ReadsFromReplica, bool ReadsFellBack)
{
    /// <summary>Spend of the current UTC month so far (the same figure as the usage page and the budget gauge).</summary>
    public decimal MonthToDateSpend => MonthToDate.Cost;

    /// <summary>Requests of the current UTC month so far.</summary>
    public long MonthToDateRequests => MonthToDate.Requests;
}

/// <summary>Row counts of the analytics data in scope.</summary>
public sealed record DashboardCounts(int Projects, int WorkItems, int PullRequests, int ContentRows, int Integrations);
