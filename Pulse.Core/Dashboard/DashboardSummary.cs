namespace Pulse.Core.Dashboard;

/// <summary>What the dashboard shows for the tenant in scope (or all tenants for a platform admin without one).</summary>
public sealed record DashboardSummary(
    int Projects, int WorkItems, int PullRequests, int ContentRows, int Integrations,
    decimal MonthToDateSpend, int MonthToDateRequests, bool ReadsFromReplica, bool ReadsFellBack);
