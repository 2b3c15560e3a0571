using System.Security.Claims;
using Pulse.Core.Tenancy;

namespace Pulse.Portal.Infrastructure;

/// <summary>
/// The portal's pages and who may open them (DESIGN.md's roles). One table drives the navigation,
/// the authorization policies and the role-matrix tests.
/// </summary>
public static class PortalPages
{
    private static readonly string[] Admin = [PulseRoles.PlatformAdmin];
    private static readonly string[] Owners = [PulseRoles.PlatformAdmin, PulseRoles.TenantOwner];

    public static readonly IReadOnlyList<PortalPage> All =
    [
        new("/", "Dashboard", "dashboard", PagePolicies.Dashboard, PulseRoles.All),
        new("/preferences", "AI preferences", "tune", PagePolicies.Preferences, PulseRoles.All),
        new("/integrations", "Integrations", "hub", PagePolicies.Integrations, Owners),
        new("/collections", "Collections", "storage", PagePolicies.Collections, PulseRoles.All),
        new("/search", "Search playground", "search", PagePolicies.Search, [PulseRoles.PlatformAdmin, PulseRoles.TenantOwner, PulseRoles.Analyst]),
        new("/usage", "Usage and cost", "bar_chart", PagePolicies.Usage, Owners),
        new("/indexing", "Indexing", "sync", PagePolicies.Indexing, [PulseRoles.PlatformAdmin, PulseRoles.Ops]),
        new("/ops", "Operations", "monitor_heart", PagePolicies.Operations, [PulseRoles.PlatformAdmin, PulseRoles.Ops]),
        new("/api-keys", "API keys", "key", PagePolicies.ApiKeys, Owners),
        new("/admin", "Administration", "admin_panel_settings", PagePolicies.Administration, Admin),
    ];

    /// <summary>The page behind <paramref name="policy"/>.</summary>
    public static PortalPage ByPolicy(string policy) => All.Single(p => p.Policy == policy);

    /// <summary>Whether <paramref name="user"/>'s role may open the page behind <paramref name="policy"/> (the policies' own rule).</summary>
    public static bool Allows(ClaimsPrincipal user, string policy) => ByPolicy(policy).Allows(user);
}
