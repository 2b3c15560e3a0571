namespace Pulse.Portal.Infrastructure;

/// <summary>
/// ASP.NET Core takes the current directory as the content root, so a published portal started from elsewhere
/// (<c>dotnet /opt/pulse/Pulse.Portal.dll</c>) would look for <c>wwwroot</c> in the wrong place and serve its
/// script and styles empty. When nothing names a content root and the current directory has no <c>wwwroot</c>
/// while the application's own folder does (a published layout), the application's folder is used instead.
/// </summary>
public static class PortalContentRoot
{
    /// <summary>The content root to use, or null for ASP.NET Core's default.</summary>
    public static string? Resolve(string[] args, string currentDirectory, string applicationDirectory, Func<string, string?> environment)
    {
        if (args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT")) || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT")))
            return null;
        if (Directory.Exists(Path.Combine(currentDirectory, "wwwroot"))) return null;
        return Directory.Exists(Path.Combine(applicationDirectory, "wwwroot", "_framework")) ? applicationDirectory : null;
    }

    /// <summary>The options for <c>WebApplication.CreateBuilder</c>, with the content root resolved for this process.</summary>
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = Resolve(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Environment.GetEnvironmentVariable),
    };
}
