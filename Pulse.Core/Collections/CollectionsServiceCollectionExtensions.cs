using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Collections.Schema;
using Pulse.Core.Demo;

namespace Pulse.Core.Collections;

/// <summary>Registers the collection browser and schema management module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class CollectionsServiceCollectionExtensions
{
    public static IServiceCollection AddPulseCollections(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddScoped<CollectionBrowser>();
        services.AddScoped<CollectionAdministration>();
        services.AddScoped<CollectionSchemaService>();
        services.AddSingleton<SchemaDriftChecker>();
        services.AddScoped<CollectionExporter>();
        services.AddScoped<AnnQualityCheck>();
        services.AddScoped<IDemoSeedStep, CollectionsDemoSeedStep>();
        return services;
    }
}
