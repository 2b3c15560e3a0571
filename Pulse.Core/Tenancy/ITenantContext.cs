namespace Pulse.Core.Tenancy;

/// <summary>
/// Who is asking and for which tenant. Every tenant-owned query in Pulse.Core goes through it:
/// the EF model filters tenant-owned rows by <see cref="TenantId"/>, and services check roles here.
/// </summary>
public interface ITenantContext
{
    /// <summary>The tenant in scope; null for a platform admin who has not picked one (or a system task).</summary>
    int? TenantId { get; }

    /// <summary>The signed-in user's id, or null for system work (seeding, background jobs).</summary>
    string? UserId { get; }

    /// <summary>The user's roles (see <see cref="PulseRoles"/>).</summary>
    IReadOnlySet<string> Roles { get; }

    /// <summary>True when this context may cross tenants (platform admins and system work).</summary>
    bool IsPlatformAdmin { get; }
}
