using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Demo;
using Pulse.Core.Usage.Budget;
using Pulse.Core.Usage.Demo;
using Pulse.Core.Usage.Export;
using Pulse.Core.Usage.Rollup;

namespace Pulse.Core.Usage;

/// <summary>Registers the usage aggregates and rollup module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class UsageServiceCollectionExtensions
{
    public static IServiceCollection AddPulseUsage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<UsageRollupOptions>().Bind(configuration.GetSection(UsageRollupOptions.Section));
        services.AddSingleton<UsageRollup>();
        services.AddHostedService<UsageRollupService>();
        services.AddSingleton<UsageFactCache>();
        services.AddScoped<IUsageAggregates, UsageAggregates>();
        services.AddScoped<UsageCsvExporter>();
        services.AddSingleton<TenantBudgetReader>();
        services.AddScoped<MonthBudgetService>();
        services.AddScoped<Alerts.UsageAlertService>();
        services.AddScoped<IDemoSeedStep, UsageDemoSeedStep>();
        return services;
    }
}
