using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Core.Integrations;

/// <summary>Registers the integrations (provider configuration, chain resolution, usage recording) module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class IntegrationsServiceCollectionExtensions
{
    public static IServiceCollection AddPulseIntegrations(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
