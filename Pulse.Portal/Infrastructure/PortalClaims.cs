namespace Pulse.Portal.Infrastructure;

/// <summary>Claims the portal adds to the sign-in cookie.</summary>
public static class PortalClaims
{
    /// <summary>The user's own tenant.</summary>
    public const string TenantId = "pulse:tenant_id";

    /// <summary>The tenant a platform admin picked to look at (absent: all tenants).</summary>
    public const string SelectedTenantId = "pulse:selected_tenant_id";

    /// <summary>The user's display name.</summary>
    public const string DisplayName = "pulse:display_name";
}
