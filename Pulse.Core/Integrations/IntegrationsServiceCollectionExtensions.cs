using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>Registers the integrations module (provider configuration, chain resolution, usage recording); called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class IntegrationsServiceCollectionExtensions
{
    public static IServiceCollection AddPulseIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddPulseProviders();
        services.TryAddSingleton<IIntegrationChainResolver, BuiltInEmbeddingChainResolver>();
        return services;
    }
}
