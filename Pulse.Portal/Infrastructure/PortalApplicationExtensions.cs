using Pulse.Portal.Components;
using Pulse.Portal.Endpoints;

namespace Pulse.Portal.Infrastructure;

/// <summary>The request pipeline and endpoints.</summary>
public static class PortalApplicationExtensions
{
    public static WebApplication UsePulsePortal(this WebApplication app)
    {
        if (app.Configuration.GetValue("Pulse:Security:TrustForwardedHeaders", false))
            app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto });
        // The prefix goes before routing: WebApplication's implicit UseRouting would otherwise run first and match
        // routes against the unstripped path, so routing is added explicitly right after it.
        app.UsePortalPathBase(PortalPathBase.FromConfiguration(app.Configuration));
        app.UseRouting();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
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
