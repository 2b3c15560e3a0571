using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pulse.Core.Search;

/// <summary>Registers the search playground module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class SearchServiceCollectionExtensions
{
    public static IServiceCollection AddPulseSearch(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        return services;
    }
}
