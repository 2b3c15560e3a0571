using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Portal.Infrastructure;

namespace Pulse.Portal.Endpoints;

/// <summary>Sign-out and the platform admin's tenant choice: form posts that re-issue the cookie.</summary>
public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/logout", async (SignInManager<PulseUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/account/login");
        });

        app.MapPost("/account/select-tenant", async (HttpContext http, SignInManager<PulseUser> signIn, TenantDirectory tenants) =>
        {
            var form = await http.Request.ReadFormAsync();
            var returnUrl = SafeReturnUrl(form["returnUrl"]);
            if (!http.User.IsInRole(PulseRoles.PlatformAdmin)) return Results.Forbid();
            var user = await signIn.UserManager.GetUserAsync(http.User);
            if (user is null) return Results.LocalRedirect("/account/login");
            var principal = await signIn.CreateUserPrincipalAsync(user);
            if (int.TryParse(form["tenantId"], out var tenantId) && await tenants.FindAsync(tenantId) is not null)
                ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(PortalClaims.SelectedTenantId, tenantId.ToString()));
            await signIn.Context.SignInAsync(IdentityConstants.ApplicationScheme, principal);
            return Results.LocalRedirect(returnUrl);
        });
    }

    /// <summary>Only local paths: an absolute URL in returnUrl would make the portal an open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/";
}
