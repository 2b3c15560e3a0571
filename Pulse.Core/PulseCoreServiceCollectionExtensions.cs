using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Demo;
using Pulse.Core.Tenancy;

namespace Pulse.Core;

/// <summary>The one DI entry point of Pulse.Core.</summary>
public static class PulseCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the database (primary, replica, embedded default, migrations at start-up), Identity's stores,
    /// tenancy services and the demo seeder. The host supplies <see cref="ITenantContext"/> (scoped).
    /// </summary>
    public static IServiceCollection AddPulseCore(this IServiceCollection services, IConfiguration configuration)
    {
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

        services.AddScoped<DemoSeeder>();
        services.AddScoped<TenantDirectory>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<Dashboard.DashboardService>();
        return services;
    }
}
