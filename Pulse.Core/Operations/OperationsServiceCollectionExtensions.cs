using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Core.Operations;

/// <summary>Registers the operations (health, API keys, metrics) module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class OperationsServiceCollectionExtensions
{
    public static IServiceCollection AddPulseOperations(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
