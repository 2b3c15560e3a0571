using Pulse.Portal.Components;
using Pulse.Portal.Endpoints;

namespace Pulse.Portal.Infrastructure;

/// <summary>The request pipeline and endpoints.</summary>
public static class PortalApplicationExtensions
{
    public static WebApplication UsePulsePortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthEndpoints();
        app.MapAccountEndpoints();
        app.MapPulseOperations();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
