using Microsoft.AspNetCore.Components;

namespace Pulse.Portal.Infrastructure;

/// <summary>
/// Sub-path hosting: <c>Pulse:PathBase</c> (e.g. <c>/pulse</c>; empty means the site root) is the prefix a reverse proxy
/// serves the portal under. The portal strips it from each request (so routes, cookies and the Blazor connection work
/// unchanged under it) and answers 404 to anything outside it.
/// </summary>
public static class PortalPathBase
{
    public const string SettingName = "Pulse:PathBase";

    /// <summary>The configured prefix normalised to <c>/segment</c> form, or empty for the root.</summary>
    public static PathString FromConfiguration(IConfiguration configuration)
    {
        var value = configuration[SettingName]?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(value)) return PathString.Empty;
        return new PathString(value.StartsWith('/') ? value : "/" + value);
    }

    /// <summary>
    /// An app-relative path (<c>/collections</c>) as an absolute path under the portal's base (<c>/pulse/collections</c>),
    /// for components that need a rooted href (the menu's links) rather than one resolved against <c>&lt;base href&gt;</c>.
    /// </summary>
    public static string Href(this NavigationManager navigation, string appPath) =>
        new Uri(navigation.BaseUri).AbsolutePath + appPath.TrimStart('/');

    /// <summary>The path base the page was served under (from the base URI), empty at the site root.</summary>
    public static PathString PathBase(this NavigationManager navigation) =>
        new(new Uri(navigation.BaseUri).AbsolutePath.TrimEnd('/'));

    /// <summary>Strips the prefix; requests outside it get 404 (a proxy sends only the prefix here, so anything else is a mistake).</summary>
    public static IApplicationBuilder UsePortalPathBase(this IApplicationBuilder app, PathString pathBase)
    {
        if (!pathBase.HasValue) return app;
        app.UsePathBase(pathBase);
        app.Use((context, next) =>
        {
            if (context.Request.PathBase.StartsWithSegments(pathBase, StringComparison.OrdinalIgnoreCase)) return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }
}
