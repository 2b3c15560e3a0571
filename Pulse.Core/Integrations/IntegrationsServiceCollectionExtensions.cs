using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Core.Demo;
using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>Registers the integrations module (provider configuration, chain resolution, usage recording); called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class IntegrationsServiceCollectionExtensions
{
    /// <summary>
    /// The database chain resolver and usage recorder (registered before <see cref="ProvidersServiceCollectionExtensions.AddPulseProviders"/>,
    /// so its log-only recorder is skipped), encrypted credentials, the integration service and the demo step.
    /// <see cref="ITenantProviderDefaults"/> gets a simple default with TryAdd: the preferences module replaces it.
    /// </summary>
    public static IServiceCollection AddPulseIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IntegrationsOptions>().Bind(configuration.GetSection(IntegrationsOptions.SectionName));
        services.AddDataProtection();
        services.TryAddSingleton<IntegrationCredentialProtector>();
        services.TryAddSingleton<EmbeddingServerIntegration>();
        services.TryAddSingleton<TenantAiSettingsCache>();
        services.TryAddScoped<FirstActiveTenantProviderDefaults>();
        services.TryAddScoped<ITenantProviderDefaults>(sp => sp.GetRequiredService<FirstActiveTenantProviderDefaults>());
        services.Replace(ServiceDescriptor.Scoped<IIntegrationChainResolver, DatabaseIntegrationChainResolver>());
        services.Replace(ServiceDescriptor.Singleton<IUsageRecorder, DatabaseUsageRecorder>());
        services.AddPulseProviders();
        services.AddScoped<IntegrationService>();
        services.AddScoped<IDemoSeedStep, IntegrationsDemoSeedStep>();
        return services;
    }
}
