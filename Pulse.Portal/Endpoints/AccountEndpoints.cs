using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
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
        app.MapPost("/account/logout", async (HttpContext http, SignInManager<PulseUser> signIn) =>
        {
            if (!TokenValid(http)) return InvalidToken();
            await signIn.SignOutAsync();
            return Results.LocalRedirect("~/account/login");
        }).RequireAntiforgery();

        app.MapPost("/account/select-tenant", async (HttpContext http, SignInManager<PulseUser> signIn, TenantDirectory tenants) =>
        {
            if (!TokenValid(http)) return InvalidToken();
            var form = await http.Request.ReadFormAsync();
            var returnUrl = SafeReturnUrl(form["returnUrl"], http.Request.PathBase);
            if (!http.User.IsInRole(PulseRoles.PlatformAdmin)) return Results.Forbid();
            var user = await signIn.UserManager.GetUserAsync(http.User);
            if (user is null) return Results.LocalRedirect("~/account/login");
            var principal = await signIn.CreateUserPrincipalAsync(user);
            if (int.TryParse(form["tenantId"], out var tenantId) && await tenants.FindAsync(tenantId) is not null)
                ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(PortalClaims.SelectedTenantId, tenantId.ToString()));
            await signIn.Context.SignInAsync(IdentityConstants.ApplicationScheme, principal);
            // "~" puts the path base (the sub-path the portal is served under) in front of the app-relative path.
            return Results.LocalRedirect("~" + returnUrl);
        }).RequireAntiforgery();
    }

    /// <summary>
    /// UseAntiforgery validates an endpoint that carries this metadata but only records the outcome; the refusal is
    /// left to form binding, which these endpoints do not use, so each handler checks the recorded outcome itself.
    /// </summary>
    private static RouteHandlerBuilder RequireAntiforgery(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new RequireAntiforgeryTokenAttribute());

    private static bool TokenValid(HttpContext http) =>
        http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: true };

    private static IResult InvalidToken() =>
        Results.Problem("The form's antiforgery token is missing or invalid. Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);

    /// <summary>
    /// The return URL as a path relative to the portal's root (<c>/collections</c>), or <c>/</c>. Only local paths: an
    /// absolute URL would make the portal an open redirect. A return URL that carries the path base (the cookie
    /// handler's, e.g. <c>/pulse/collections</c>) loses it, so callers add it back exactly once and the result can never
    /// leave the prefix.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl, PathString pathBase = default)
    {
        if (string.IsNullOrEmpty(returnUrl)) return "/";
        if (pathBase.HasValue && returnUrl.StartsWith(pathBase.Value!, StringComparison.OrdinalIgnoreCase))
        {
            var rest = returnUrl[pathBase.Value!.Length..];
            if (rest.Length == 0) return "/";
            if (rest[0] is '/' or '?' or '#') returnUrl = rest[0] == '/' ? rest : "/" + rest;
        }
        return returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\") ? returnUrl : "/";
    }
}
