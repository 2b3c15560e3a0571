using Pulse.Core.Tenancy;

namespace Pulse.Core.Operations.Health;

/// <summary>The rows of every source at one moment.</summary>
public sealed record HealthReport(DateTimeOffset CheckedAt, IReadOnlyList<HealthRow> Rows)
{
    /// <summary>The worst status of all rows (green when there are none).</summary>
    public HealthStatus Overall => Rows.Count == 0 ? HealthStatus.Green : Rows.Max(r => r.Status);

    /// <summary>
    /// The rows <paramref name="tenant"/> may see: platform admins everything; everyone else the platform-wide rows and
    /// their own tenant's rows, never another tenant's collections or integrations.
    /// </summary>
    public HealthReport VisibleTo(ITenantContext tenant) =>
        tenant.IsPlatformAdmin ? this : this with { Rows = [.. Rows.Where(r => r.TenantId is null || r.TenantId == tenant.TenantId)] };
}
