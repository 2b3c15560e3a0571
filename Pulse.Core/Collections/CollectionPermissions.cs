using Pulse.Core.Tenancy;

namespace Pulse.Core.Collections;

/// <summary>
/// Who may change collections: ops and platform admins. Everyone else who may open the page (analysts,
/// tenant owners) browses read-only; the services enforce this, not only the page.
/// </summary>
public static class CollectionPermissions
{
    /// <summary>True when the caller may create, drop, snapshot, index, alias and delete points.</summary>
    public static bool CanManage(ITenantContext tenant) =>
        tenant.IsPlatformAdmin || tenant.Roles.Contains(PulseRoles.Ops);

    /// <summary>Throws <see cref="TenantAccessDeniedException"/> naming <paramref name="action"/> when the caller may not manage collections.</summary>
    public static void RequireManage(ITenantContext tenant, string action)
    {
        if (!CanManage(tenant))
        {
            throw new TenantAccessDeniedException($"Only ops and platform admins may {action}; your access to collections is read-only.");
        }
    }
}
