using Pulse.Portal.Components;
using Pulse.Portal.Endpoints;

namespace Pulse.Portal.Infrastructure;

/// <summary>The request pipeline and endpoints.</summary>
public static class PortalApplicationExtensions
{
    public static WebApplication UsePulsePortal(this WebApplication app)
    {
        // First, so that HSTS, cookies, redirects and the sign-in throttle see the browser's scheme and address.
        if (PortalForwardedHeaders.FromConfiguration(app.Configuration) is { } forwarded)
            app.UseForwardedHeaders(forwarded);
        // The prefix goes before routing: WebApplication's implicit UseRouting would otherwise run first and match
        // routes against the unstripped path, so routing is added explicitly right after it.
        app.UsePortalPathBase(PortalPathBase.FromConfiguration(app.Configuration));
        app.UseRouting();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            // Only on HTTPS requests (directly, or forwarded as such by a trusted proxy), and never for localhost,
            // 127.0.0.1 or [::1] (ASP.NET Core's default exclusions): pinning localhost in an admin's browser would break
            // every plain-HTTP service there. A proxy must therefore pass the browser's Host header on.
            app.UseHsts();
        }
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapUsageExportEndpoints();
        app.MapCollectionEndpoints();
        app.MapPulseOperations();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
