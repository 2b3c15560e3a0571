using Pulse.Core.Providers;
using Pulse.Core.Providers.Resilience;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.Providers;

public sealed class RateLimitTests : IDisposable
{
    private readonly ProviderTestHost _host = new(breakerThreshold: 1);

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Past_its_requests_per_minute_an_integration_falls_back_without_tripping_its_breaker()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        await using var fallback = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        // No retries: a retried attempt would be a second request for reasons other than the cap. The first call
        // gets a generous attempt timeout so a loaded machine cannot turn it into a timeout.
        var capped = TestSpecs.OpenAi(primary.BaseAddress) with { Performance = new PerformanceConfig(TimeoutSeconds: 10, MaxRetries: 0, RequestsPerMinute: 1) };
        var credential = new ProviderCredential("k");
        var (tenant, chain) = _host.Register(credential, capped, TestSpecs.OpenAi(fallback.BaseAddress));

        var first = await _host.Embeddings.EmbedAsync(tenant, ["one"]);
        // Same integration, same cap (so the same limiter), shorter wait: the second call gives up waiting for a permit
        // after 0.2 s instead of 10 s. The permit cannot come back within a minute either way.
        _host.Resolver.Add(tenant, chain[0] with { Performance = chain[0].Performance with { TimeoutSeconds = 0.2 } }, credential);
        var second = await _host.Embeddings.EmbedAsync(tenant, ["two"]);

        Assert.Equal(chain[0].Id, first.Call.IntegrationId);
        Assert.Equal(chain[1].Id, second.Call.IntegrationId);
        Assert.Single(primary.Requests);
        Assert.Single(fallback.Requests);
        Assert.Equal(ProviderErrorCategory.RateLimited, _host.Usage.Records[1].ErrorCategory);
        Assert.Contains("limit of 1 requests per minute", _host.Usage.Records[1].ErrorMessage);
        Assert.Equal(CircuitState.Closed, _host.Breakers.GetSnapshot(chain[0].Id).State);
    }
}
