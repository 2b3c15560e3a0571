using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Core.Providers.Chain;
using Pulse.Core.Providers.Clients;
using Pulse.Core.Providers.Resilience;

namespace Pulse.Core.Providers;

/// <summary>DI entry point of the AI provider layer.</summary>
public static class ProvidersServiceCollectionExtensions
{
    /// <summary>
    /// Registers the client factory, the breaker registry, the chain services and the provider
    /// HttpClient. <see cref="IIntegrationChainResolver"/> is not registered (the database layer
    /// provides it); <see cref="IBudgetGuard"/> and <see cref="IUsageRecorder"/> get permissive
    /// defaults (no limit; usage to the log) through TryAdd: real ones registered before this call
    /// make the defaults skip, and ones registered after it win (the last registration resolves).
    /// The chain services are scoped so that those implementations may use scoped DbContexts.
    /// Resilience settings bind from <see cref="ProviderResilienceOptions.SectionName"/>, so an
    /// <c>IConfiguration</c> must be registered (any host does that).
    /// </summary>
    public static IServiceCollection AddPulseProviders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ProviderResilienceOptions>().BindConfiguration(ProviderResilienceOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(ProviderClientFactory.HttpClientName, client =>
            {
                // Per-attempt timeouts come from each integration; HttpClient's own would cut across them.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .RedactLoggedHeaders(_ => true);

        services.TryAddSingleton<IProviderClientFactory, ProviderClientFactory>();
        services.TryAddSingleton<CircuitBreakerRegistry>();
        services.TryAddSingleton<ProviderRateLimiters>();
        services.TryAddSingleton<IntegrationAttemptRunner>();
        services.TryAddSingleton<TenantConcurrencyGates>();
        services.TryAddSingleton<EmbeddingCache>();
        services.TryAddSingleton<ITenantCallSettingsSource>(new FixedTenantCallSettings(TenantCallSettings.None));
        services.TryAddScoped<ProviderChain>();
        services.TryAddScoped<IEmbeddingService, EmbeddingService>();
        services.TryAddScoped<ITextGenerationService, TextGenerationService>();
        services.TryAddSingleton<IProviderConnectionTester, ProviderConnectionTester>();

        services.TryAddSingleton<IBudgetGuard, AllowAllBudgetGuard>();
        services.TryAddSingleton<IUsageRecorder, LoggingUsageRecorder>();
        return services;
    }
}
