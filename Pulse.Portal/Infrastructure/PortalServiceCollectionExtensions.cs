using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Pulse.Core;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;
using Pulse.Portal.Endpoints.Api;
using Radzen;
using Serilog;

namespace Pulse.Portal.Infrastructure;

/// <summary>Everything the portal registers, in one place; Program.cs only calls this.</summary>
public static class PortalServiceCollectionExtensions
{
    public static WebApplicationBuilder AddPulsePortal(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        var dataFolder = ResolveDataFolder(builder);
        builder.AddPulseLogging(dataFolder);
        var services = builder.Services;

        services.AddPulseCore(builder.Configuration, dataFolder);
        services.PostConfigure<DatabaseOptions>(o => o.DataFolder = dataFolder);
        services.AddHttpContextAccessor();
        services.AddScoped<ITenantContext, PortalTenantContext>();
        services.AddSingleton<ExportProgressTracker>();

        services.AddPulseDataProtection(builder.Configuration, builder.Environment.ContentRootPath, dataFolder);

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<PulseUser>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<PulseClaimsPrincipalFactory>();
        services.ConfigureApplicationCookie(ConfigureCookie);
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(5);
            // A platform admin's tenant choice survives the periodic refresh of the cookie.
            o.OnRefreshingPrincipal = ctx =>
            {
                var selected = ctx.CurrentPrincipal?.FindFirst(PortalClaims.SelectedTenantId);
                if (selected is not null) (ctx.NewPrincipal?.Identity as System.Security.Claims.ClaimsIdentity)?.AddClaim(selected);
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization(options =>
        {
            options.FallbackPolicy = new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
            foreach (var page in PortalPages.All)
                options.AddPolicy(page.Policy, p => p.RequireAuthenticatedUser().RequireRole(page.Roles));
        });
        // The antiforgery cookie's default policy never marks it Secure, not even over HTTPS (or behind a TLS proxy
        // with trusted forwarded headers); like the sign-in cookie it is Secure whenever the request is.
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddCascadingAuthenticationState();
        services.AddPulseLoginThrottling(builder.Configuration);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddRadzenComponents();
        services.AddPulseOperationsPortal();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        return builder;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.LoginPath = "/account/login";
        options.LogoutPath = "/account/logout";
        options.AccessDeniedPath = "/access-denied";
        options.Cookie.Name = "pulse.auth";
        options.Cookie.HttpOnly = true;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure whenever the portal is reached over HTTPS
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.SlidingExpiration = true;
        options.ExpireTimeSpan = TimeSpan.FromHours(8);
    }

    private static string ResolveDataFolder(WebApplicationBuilder builder)
    {
        var configured = builder.Configuration["Pulse:DataFolder"];
        var folder = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? "data" : configured, builder.Environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The key ring decrypts every stored credential: only the portal's own OS user may read it.</summary>
    private static DirectoryInfo OwnerOnlyFolder(string path)
    {
        var folder = Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return folder;
    }

    /// <summary>
    /// The Data Protection key ring (sign-in cookies, encrypted provider keys), persisted so that it survives restarts:
    /// <c>Pulse:DataProtection:KeysFolder</c> lets several portal instances share one; default <c>{DataFolder}/keys</c>.
    /// </summary>
    public static IServiceCollection AddPulseDataProtection(this IServiceCollection services, IConfiguration configuration, string contentRoot, string dataFolder)
    {
        var configured = configuration["Pulse:DataProtection:KeysFolder"];
        var keys = string.IsNullOrWhiteSpace(configured) ? Path.Combine(dataFolder, "keys") : Path.GetFullPath(configured, contentRoot);
        services.AddDataProtection()
            .SetApplicationName("Pulse.Portal")
            .PersistKeysToFileSystem(OwnerOnlyFolder(keys));
        return services;
    }

    private static void AddPulseLogging(this WebApplicationBuilder builder, string dataFolder)
    {
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
            .WriteTo.File(Path.Combine(dataFolder, "logs", "portal-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14)
            .CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
    }
}
