using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Core.Usage;

/// <summary>Registers the usage aggregates and rollup module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class UsageServiceCollectionExtensions
{
    public static IServiceCollection AddPulseUsage(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
