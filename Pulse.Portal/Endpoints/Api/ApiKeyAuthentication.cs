using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;
using Pulse.Core.Operations.ApiKeys;
using Pulse.Portal.Infrastructure;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>
/// The <c>ApiKey</c> scheme: <c>Authorization: Bearer pulse_…</c> (or <c>X-Api-Key</c>). An accepted key becomes a principal
/// of its tenant with no portal role, so every tenant-scoped service sees exactly that tenant. The key is never logged.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyAuthenticator keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Policy = "api-key";
    public const string KeyIdClaim = "pulse:api_key_id";

    // Set when the key could not be checked because the database did not answer: the challenge then says 503, not "unknown key".
    private const string UnavailableItem = "pulse:api-key-store-unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Presented(Request);
        if (token is null) return AuthenticateResult.NoResult();
        ApiKeyIdentity? identity;
        try
        {
            identity = await keys.AuthenticateAsync(token, Context.RequestAborted);
        }
        catch (DatabaseUnavailableException)
        {
            Context.Items[UnavailableItem] = true;
            return AuthenticateResult.Fail("The API key could not be checked: the database is not available.");
        }

        if (identity is null) return AuthenticateResult.Fail("The API key is unknown or revoked.");
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(PortalClaims.TenantId, identity.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(KeyIdClaim, identity.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ClaimTypes.Name, $"API key {identity.Name}"),
        ], SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UnavailableItem))
        {
            Response.Headers.RetryAfter = "30";
            return ApiProblems.WriteAsync(Context, StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The API key could not be checked because the database is not answering; try again shortly.");
        }

        var presented = Presented(Request) is not null;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"pulse-api\"";
        return ApiProblems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "API key required",
            presented
                ? "The API key is unknown or has been revoked. A tenant owner creates keys on the API keys page."
                : "Send a tenant API key as 'Authorization: Bearer pulse_…' (or the X-Api-Key header). A tenant owner creates keys on the API keys page.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", "This API key may not do that.");

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        var apiKey = request.Headers["X-Api-Key"].ToString();
        return string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
    }
}
