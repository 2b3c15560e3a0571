using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Core.Collections;

/// <summary>Registers the collection browser and schema management module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class CollectionsServiceCollectionExtensions
{
    public static IServiceCollection AddPulseCollections(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
