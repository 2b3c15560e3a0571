using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Core.Demo;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Preferences;

/// <summary>Registers the tenant AI preferences and budgets module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class PreferencesServiceCollectionExtensions
{
    public static IServiceCollection AddPulsePreferences(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddMetrics();
        services.TryAddSingleton<BudgetUtilisation>();
        services.AddSingleton<BudgetCalculator>();
        services.AddScoped<PreferencesService>();
        services.AddScoped(sp => new BudgetStatusService(sp.GetRequiredService<BudgetCalculator>(), sp.GetRequiredService<ITenantContext>()));
        // Replace, not TryAdd: the provider layer registered permissive defaults (no budget, no defaults) first.
        services.Replace(ServiceDescriptor.Scoped<IBudgetGuard, PreferencesBudgetGuard>());
        services.Replace(ServiceDescriptor.Scoped<ITenantProviderDefaults, PreferencesProviderDefaults>());
        services.Replace(ServiceDescriptor.Singleton<ITenantCallSettingsSource, PreferencesCallSettings>());
        services.AddScoped<IDemoSeedStep, PreferencesDemoSeedStep>();
        return services;
    }
}
