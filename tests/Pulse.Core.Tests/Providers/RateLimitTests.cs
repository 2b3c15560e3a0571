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
        var capped = TestSpecs.OpenAi(primary.BaseAddress) with { Performance = new PerformanceConfig(TimeoutSeconds: 0.2, RequestsPerMinute: 1) };
        var (tenant, chain) = _host.Register(new ProviderCredential("k"), capped, TestSpecs.OpenAi(fallback.BaseAddress));

        var first = await _host.Embeddings.EmbedAsync(tenant, ["one"]);
        var second = await _host.Embeddings.EmbedAsync(tenant, ["two"]);

        Assert.Equal(chain[0].Id, first.Call.IntegrationId);
        Assert.Equal(chain[1].Id, second.Call.IntegrationId);
        Assert.Single(primary.Requests);
        Assert.Contains("limit of 1 requests per minute", _host.Usage.Records[1].ErrorMessage);
        Assert.Equal(CircuitState.Closed, _host.Breakers.GetSnapshot(chain[0].Id).State);
    }
}
