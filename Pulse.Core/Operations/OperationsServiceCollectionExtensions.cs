using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Core.Demo;
using Pulse.Core.Operations.ApiKeys;
using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.History;
using Pulse.Core.Operations.Metrics;
using Pulse.Core.Operations.Probes;
using Pulse.Core.Providers;
using Pulse.Core.Providers.Resilience;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Operations;

/// <summary>Registers the operations (health, API keys, metrics) module; called by <see cref="PulseCoreServiceCollectionExtensions.AddPulseCore"/>.</summary>
public static class OperationsServiceCollectionExtensions
{
    /// <summary>
    /// The health monitor and its probes, the history sampler (a hosted service), API keys, and the metrics. Other modules
    /// add a health probe with one line: <c>services.AddSingleton&lt;IHealthSource, TheirProbe&gt;()</c>.
    /// </summary>
    public static IServiceCollection AddPulseOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperationsOptions>().Bind(configuration.GetSection(OperationsOptions.SectionName));
        services.AddMetrics();
        services.AddOptions<ProviderResilienceOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CircuitBreakerRegistry>();

        services.AddSingleton<HealthMonitor>();
        services.AddSingleton<IHealthSource, VectorStoreHealthSource>();
        services.AddSingleton<IHealthSource, CollectionHealthSource>();
        services.AddSingleton<IHealthSource, PostgresHealthSource>();
        services.AddSingleton<IHealthSource, IntegrationHealthSource>();
        services.AddSingleton<HealthHistory>();
        services.AddSingleton<HealthHistorySampler>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthHistorySampler>());
        services.AddScoped<IDemoSeedStep, HealthHistoryDemoStep>();

        services.AddScoped<ApiKeyService>();
        services.AddSingleton<ApiKeyAuthenticator>();

        services.AddSingleton<PulseMetrics>();
        services.AddSingleton<PrometheusExporter>();
        services.AddHostedService<MetricsListenerStartup>();
        Decorate<IVectorStore>(services, (sp, inner) => new MeteredVectorStore(inner, sp.GetRequiredService<PulseMetrics>()));
        Decorate<IUsageRecorder>(services, (sp, inner) => new MeteredUsageRecorder(inner, sp.GetRequiredService<PulseMetrics>()));
        return services;
    }

    /// <summary>Wraps the registration that resolves now (the last one) in a decorator with the same lifetime.</summary>
    private static void Decorate<T>(IServiceCollection services, Func<IServiceProvider, T, T> decorate)
        where T : class
    {
        var index = -1;
        for (var i = services.Count - 1; i >= 0 && index < 0; i--)
            if (services[i].ServiceType == typeof(T) && !services[i].IsKeyedService) index = i;
        if (index < 0) return;
        var original = services[index];
        services[index] = new ServiceDescriptor(typeof(T), sp => decorate(sp, Create<T>(sp, original)), original.Lifetime);
    }

    private static T Create<T>(IServiceProvider sp, ServiceDescriptor original) where T : class =>
        original.ImplementationInstance as T
        ?? (original.ImplementationFactory is { } factory ? (T)factory(sp) : (T)ActivatorUtilities.CreateInstance(sp, original.ImplementationType!));
}
