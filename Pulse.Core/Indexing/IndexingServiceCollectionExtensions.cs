using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Core.Demo;

namespace Pulse.Core.Indexing;

/// <summary>Registers the indexing pipeline module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class IndexingServiceCollectionExtensions
{
    /// <summary>
    /// Registers the pipeline (reader, executor, reconciler), the page's <see cref="IndexingService"/>, the demo seed step and the
    /// background <see cref="IndexingRunner"/>, configured from <c>Pulse:Indexing</c> (<see cref="IndexingOptions"/>).
    /// </summary>
    public static IServiceCollection AddPulseIndexing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IndexingOptions>().Bind(configuration.GetSection(IndexingOptions.SectionName));
        services.TryAddSingleton<IndexingSignal>();
        services.TryAddSingleton<SourceReader>();
        services.TryAddSingleton<PipelineConfigurationReader>();
        services.AddMetrics();
        services.TryAddSingleton<IndexingMetrics>();
        services.TryAddSingleton<IndexingJobExecutor>();
        services.TryAddSingleton<ReconciliationLog>();
        services.TryAddSingleton<VectorReconciler>();
        services.TryAddSingleton<IndexingJobQueue>();
        services.TryAddSingleton<ReindexPlanner>();
        services.TryAddSingleton<CollectionReindexer>();
        services.TryAddScoped<IndexingService>();
        services.AddScoped<IDemoSeedStep, IndexingDemoSeedStep>();
        services.AddSingleton<Operations.Health.IHealthSource, IndexingHealthSource>();
        services.TryAddSingleton<IndexingRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<IndexingRunner>());
        return services;
    }
}
