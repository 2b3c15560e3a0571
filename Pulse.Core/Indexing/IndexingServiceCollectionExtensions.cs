using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Core.Indexing;

/// <summary>Registers the indexing pipeline module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class IndexingServiceCollectionExtensions
{
    public static IServiceCollection AddPulseIndexing(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
