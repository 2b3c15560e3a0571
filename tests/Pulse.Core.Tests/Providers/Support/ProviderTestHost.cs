using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Core.Providers;
using Pulse.Core.Providers.Resilience;

namespace Pulse.Core.Tests.Providers.Support;

/// <summary>
/// The provider layer as the portal wires it (AddPulseProviders), with an in-memory chain, a
/// recording usage recorder, a settable budget, captured logs and short back-offs.
/// </summary>
public sealed class ProviderTestHost : IDisposable
{
    private readonly ServiceProvider _services;

    public ProviderTestHost(Action<IServiceCollection>? configure = null, int breakerThreshold = 3, TimeSpan? breakerCooldown = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddPulseProviders();
        services.AddSingleton<IIntegrationChainResolver>(Resolver);
        services.AddSingleton<IUsageRecorder>(Usage);
        services.AddSingleton<IBudgetGuard>(Budget);
        services.Configure<ProviderResilienceOptions>(o =>
        {
            o.BreakerFailureThreshold = breakerThreshold;
            o.BreakerCooldown = breakerCooldown ?? TimeSpan.FromMilliseconds(300);
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
            o.MaxRetryAfter = TimeSpan.FromSeconds(2);
        });
        configure?.Invoke(services);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public CapturingLoggerProvider Logs { get; } = new();

    public InMemoryIntegrationChainResolver Resolver { get; } = new();

    public RecordingUsageRecorder Usage { get; } = new();

    public FixedBudgetGuard Budget { get; } = new();

    public IServiceProvider Services => _services;

    public IEmbeddingService Embeddings => _services.CreateScope().ServiceProvider.GetRequiredService<IEmbeddingService>();

    public ITextGenerationService TextGeneration => _services.CreateScope().ServiceProvider.GetRequiredService<ITextGenerationService>();

    public IProviderConnectionTester Tester => _services.GetRequiredService<IProviderConnectionTester>();

    public IProviderClientFactory Clients => _services.GetRequiredService<IProviderClientFactory>();

    public CircuitBreakerRegistry Breakers => _services.GetRequiredService<CircuitBreakerRegistry>();

    public void Dispose() => _services.Dispose();
}
