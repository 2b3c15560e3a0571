namespace Pulse.Core.Tenancy;

/// <summary>
/// The context of work the platform does itself (migrations, seeding, background jobs): crosses tenants,
/// or is pinned to one tenant with <see cref="ForTenant"/>.
/// </summary>
public sealed class SystemTenantContext : ITenantContext
{
    private SystemTenantContext(int? tenantId, bool platform) => (TenantId, IsPlatformAdmin) = (tenantId, platform);

    /// <summary>All tenants: for migrations, seeding and platform-wide jobs.</summary>
    public static SystemTenantContext Platform { get; } = new(null, true);

    /// <summary>One tenant, with that tenant's limits: for a background job working for it.</summary>
    public static SystemTenantContext ForTenant(int tenantId) => new(tenantId, false);

    public int? TenantId { get; }
    public string? UserId => null;
    public IReadOnlySet<string> Roles { get; } = new HashSet<string>();
    public bool IsPlatformAdmin { get; }
}
