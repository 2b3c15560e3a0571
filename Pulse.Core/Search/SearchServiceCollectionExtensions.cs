using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Demo;

namespace Pulse.Core.Search;

/// <summary>Registers the search playground module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class SearchServiceCollectionExtensions
{
    public static IServiceCollection AddPulseSearch(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddScoped<SearchService>();
        services.AddScoped<SearchCatalog>();
        services.AddScoped<SearchHistory>();
        services.AddScoped<HierarchyBrowser>();
        services.AddScoped<ContentCollectionBuilder>();
        services.AddScoped<IDemoSeedStep, SearchDemoSeedStep>();
        return services;
    }
}
