using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Pulse.Core.Tenancy;

namespace Pulse.Portal.Infrastructure;

/// <summary>
/// The tenant context of the signed-in user, read from the sign-in cookie's claims: in a Blazor circuit from
/// the authentication state, in an HTTP request from the request's user. No user: no tenant, no rows.
/// </summary>
public sealed class PortalTenantContext(IHttpContextAccessor http, IServiceProvider services) : ITenantContext
{
    private ClaimsPrincipal? _user;

    private ClaimsPrincipal User
    {
        get
        {
            if (_user is not null) return _user;
            var user = Resolve();
            if (user.Identity?.IsAuthenticated == true) _user = user; // anonymous is not cached: the state may arrive later
            return user;
        }
    }

    public int? TenantId
    {
        get
        {
            if (IsPlatformAdmin) return ParseInt(User.FindFirstValue(PortalClaims.SelectedTenantId));
            return ParseInt(User.FindFirstValue(PortalClaims.TenantId));
        }
    }

    public string? UserId => User.FindFirstValue(ClaimTypes.NameIdentifier);

    public IReadOnlySet<string> Roles => User.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet();

    public bool IsPlatformAdmin => User.IsInRole(PulseRoles.PlatformAdmin);

    private ClaimsPrincipal Resolve()
    {
        if (http.HttpContext?.User is { Identity.IsAuthenticated: true } requestUser) return requestUser;
        // Inside a circuit there is no HttpContext; the authentication state was set when the circuit started.
        var state = services.GetService<AuthenticationStateProvider>()?.GetAuthenticationStateAsync();
        return state is { IsCompletedSuccessfully: true } ? state.Result.User : new ClaimsPrincipal(new ClaimsIdentity());
    }

    private static int? ParseInt(string? value) => int.TryParse(value, out var id) ? id : null;
}
