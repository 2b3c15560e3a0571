namespace Pulse.Portal.Infrastructure;

/// <summary>
/// Security headers on every response: a Content-Security-Policy that allows only the portal's own scripts,
/// styles, fonts and socket (Radzen's components set inline styles, so styles allow 'unsafe-inline'; scripts never do),
/// no framing (clickjacking), no MIME sniffing, no referrer leaving the portal, and no browser features it does not use.
/// HSTS is added by <c>UseHsts</c> outside development, and only on HTTPS responses.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The policy; the tests load every page in Chromium and fail on any violation report.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpContext)state).Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
