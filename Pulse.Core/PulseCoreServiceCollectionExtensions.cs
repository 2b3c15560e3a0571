using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Demo;
using Pulse.Core.Collections;
using Pulse.Core.Indexing;
using Pulse.Core.Integrations;
using Pulse.Core.Operations;
using Pulse.Core.Preferences;
using Pulse.Core.Search;
using Pulse.Core.Usage;
using Pulse.Core.VectorStore;
using Pulse.Core.Tenancy;

namespace Pulse.Core;

/// <summary>The one DI entry point of Pulse.Core.</summary>
public static class PulseCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database (primary, replica, embedded default, migrations at start-up), Identity's stores,
    /// tenancy services, the first-admin bootstrapper and the demo seeder. The host supplies <see cref="ITenantContext"/> (scoped).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <param name="dataFolder">The folder the host owns (embedded vector store); default: <c>Pulse:DataFolder</c> or ./data.</param>
    public static IServiceCollection AddPulseCore(this IServiceCollection services, IConfiguration configuration, string? dataFolder = null)
    {
        dataFolder ??= Path.GetFullPath(configuration["Pulse:DataFolder"] is { Length: > 0 } configured ? configured : "data");
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection("Pulse"))
            .Configure(o =>
            {
                o.Primary = configuration.GetConnectionString("Primary");
                o.Replica = configuration.GetConnectionString("Replica");
            });
        services.AddSingleton<PulseDatabase>();
        services.AddHostedService<DatabaseStartupService>();
        services.AddScoped<IPulseDbContextFactory, PulseDbContextFactory>();
        services.AddScoped(sp => sp.GetRequiredService<IPulseDbContextFactory>().CreateDbContext());

        services.AddIdentityCore<PulseUser>(IdentityPolicy.Configure)
            .AddRoles<PulseRole>()
            .AddEntityFrameworkStores<PulseDbContext>()
            .AddDefaultTokenProviders();

        // Identity's reset tokens and the encrypted credentials need it; the host decides where keys persist.
        services.AddDataProtection();
        services.Configure<BootstrapOptions>(configuration.GetSection(BootstrapOptions.Section));
        services.AddScoped<AdminBootstrapper>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<TenantDirectory>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<Dashboard.DashboardService>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ISpendMeter, SpendMeter>();
        services.AddPulseVectorStore(configuration, dataFolder);
        // One line per module; each module registers its own services, demo seed step and hosted services.
        services.AddPulseIntegrations(configuration);
        services.AddPulsePreferences(configuration);
        services.AddPulseUsage(configuration);
        services.AddPulseCollections(configuration);
        services.AddPulseSearch(configuration);
        services.AddPulseIndexing(configuration);
        services.AddPulseOperations(configuration);
        return services;
    }
}
