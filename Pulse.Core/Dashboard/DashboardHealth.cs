using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.Probes;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Dashboard;

/// <summary>
/// The dashboard's view of a <see cref="HealthReport"/>: its collection and integration rows, narrowed to the tenant
/// in scope (a platform admin with a tenant picked sees that tenant, without one every tenant; everyone else only
/// their own tenant, never another's).
/// </summary>
public sealed record DashboardHealth(DateTimeOffset CheckedAt, ComponentHealth Collections, ComponentHealth Integrations)
{
    public static DashboardHealth From(HealthReport report, ITenantContext tenant)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(tenant);
        var visible = report.VisibleTo(tenant).Rows;
        if (tenant.TenantId is { } id) visible = [.. visible.Where(r => r.TenantId is null || r.TenantId == id)];
        return new DashboardHealth(report.CheckedAt,
            ComponentHealth.Of(CollectionHealthSource.ComponentName, visible),
            ComponentHealth.Of(IntegrationHealthSource.ComponentName, visible));
    }
}

/// <summary>The rows of one component, counted by status, worst first.</summary>
/// <param name="Component">The component ("Collections").</param>
/// <param name="Rows">Its rows (placeholders left out), worst status first, then by name.</param>
/// <param name="EmptyReason">Why there are no rows, when the source said so (its placeholder row).</param>
public sealed record ComponentHealth(string Component, IReadOnlyList<HealthRow> Rows, string? EmptyReason)
{
    /// <summary>The worst status of the rows; grey without rows.</summary>
    public HealthStatus Worst => Rows.Count == 0 ? HealthStatus.Grey : Rows.Max(r => r.Status);

    /// <summary>How many rows have <paramref name="status"/>.</summary>
    public int Count(HealthStatus status) => Rows.Count(r => r.Status == status);

    /// <summary>Rows that need someone's attention (red and yellow), worst first.</summary>
    public IReadOnlyList<HealthRow> NeedingAttention => [.. Rows.Where(r => r.Status is HealthStatus.Red or HealthStatus.Yellow)];

    internal static ComponentHealth Of(string component, IEnumerable<HealthRow> rows)
    {
        var mine = rows.Where(r => r.Component == component).ToList();
        return new ComponentHealth(component,
            [.. mine.Where(r => !r.IsPlaceholder).OrderByDescending(r => r.Status).ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)],
            mine.FirstOrDefault(r => r.IsPlaceholder)?.Reason);
    }
}
