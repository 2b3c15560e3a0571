using Pulse.Core.Tenancy;

namespace Pulse.Testing.Postgres;

/// <summary>A tenant context for tests: a user of one tenant, or a platform admin.</summary>
public sealed class TestTenantContext(int? tenantId, bool platformAdmin = false, string? userId = null, params string[] roles) : ITenantContext
{
    public int? TenantId { get; } = tenantId;
    public string? UserId { get; } = userId;
    public IReadOnlySet<string> Roles { get; } = roles.Length > 0 ? roles.ToHashSet() : new HashSet<string> { platformAdmin ? PulseRoles.PlatformAdmin : PulseRoles.TenantOwner };
    public bool IsPlatformAdmin { get; } = platformAdmin;

    public static TestTenantContext User(int tenantId, string role = PulseRoles.TenantOwner) => new(tenantId, false, null, role);
    public static TestTenantContext Admin(int? selectedTenant = null) => new(selectedTenant, true, null, PulseRoles.PlatformAdmin);
}
