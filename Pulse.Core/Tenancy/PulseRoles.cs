namespace Pulse.Core.Tenancy;

/// <summary>The four roles of the portal (DESIGN.md, "Who uses it").</summary>
public static class PulseRoles
{
    public const string PlatformAdmin = "platform_admin";
    public const string TenantOwner = "tenant_owner";
    public const string Analyst = "analyst";
    public const string Ops = "ops";

    /// <summary>Every role, in the order the portal lists them.</summary>
    public static readonly IReadOnlyList<string> All = [PlatformAdmin, TenantOwner, Analyst, Ops];

    /// <summary>A human label for a role name.</summary>
    public static string Label(string role) => role switch
    {
        PlatformAdmin => "Platform admin",
        TenantOwner => "Tenant owner",
        Analyst => "Analyst",
        Ops => "Ops",
        _ => role,
    };
}
