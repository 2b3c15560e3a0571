using System.Security.Claims;

namespace Pulse.Portal.Infrastructure;

/// <summary>A page of the portal: its route, title, navigation icon, policy and the roles that may open it.</summary>
public sealed record PortalPage(string Route, string Title, string Icon, string Policy, IReadOnlyList<string> Roles)
{
    /// <summary>True when a user with these roles may open the page.</summary>
    public bool AllowsAny(IEnumerable<string> roles) => roles.Any(Roles.Contains);

    /// <summary>True when <paramref name="user"/> is in one of the roles that may open the page.</summary>
    public bool Allows(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Roles.Any(user.IsInRole);
    }
}
