using Pulse.Core.Providers;
using Pulse.Core.Providers.Resilience;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.Providers;

/// <summary>A dead provider is skipped once its breaker opens, and tried again after the cool-down.</summary>
public sealed class ChainCircuitBreakerTests : IDisposable
{
    private const string Key = "sk-breaker-key";
    private readonly ProviderTestHost _host = new(breakerThreshold: 2, breakerCooldown: TimeSpan.FromMilliseconds(400));

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task The_breaker_opens_after_consecutive_failures_skips_the_primary_and_closes_after_a_good_trial()
    {
        var healthy = false;
        await using var primary = await LoopbackHttpServer.StartAsync(r =>
            Volatile.Read(ref healthy) ? FakeProviderResponses.OpenAiEmbeddings(r, 8) : FakeProviderResponses.OpenAiError(503, "down"));
        await using var fallback = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key), TestSpecs.OpenAi(primary.BaseAddress), TestSpecs.OpenAi(fallback.BaseAddress));

        await _host.Embeddings.EmbedAsync(tenant, ["one"]);
        await _host.Embeddings.EmbedAsync(tenant, ["two"]);
        Assert.Equal(CircuitState.Open, _host.Breakers.GetSnapshot(chain[0].Id).State);

        var skipped = await _host.Embeddings.EmbedAsync(tenant, ["three"]);

        Assert.Equal(2, primary.Requests.Count);
        Assert.Equal(chain[1].Id, skipped.Call.IntegrationId);
        var skipRow = _host.Usage.Records[^2];
        Assert.Equal((ProviderErrorCategory.CircuitOpen, 0, 0m), (skipRow.ErrorCategory, skipRow.Attempts, skipRow.Cost));

        Volatile.Write(ref healthy, true);
        await Task.Delay(TimeSpan.FromMilliseconds(450));
        var trial = await _host.Embeddings.EmbedAsync(tenant, ["four"]);

        Assert.Equal(chain[0].Id, trial.Call.IntegrationId);
        Assert.Equal(3, primary.Requests.Count);
        Assert.Equal(CircuitState.Closed, _host.Breakers.GetSnapshot(chain[0].Id).State);
    }

    [Fact]
    public async Task A_failed_trial_reopens_the_breaker()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.OpenAiError(500, "still down"));
        await using var fallback = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key), TestSpecs.OpenAi(primary.BaseAddress), TestSpecs.OpenAi(fallback.BaseAddress));
        await _host.Embeddings.EmbedAsync(tenant, ["one"]);
        await _host.Embeddings.EmbedAsync(tenant, ["two"]);

        await Task.Delay(TimeSpan.FromMilliseconds(450));
        await _host.Embeddings.EmbedAsync(tenant, ["trial"]);
        await _host.Embeddings.EmbedAsync(tenant, ["skipped again"]);

        Assert.Equal(3, primary.Requests.Count);
        Assert.Equal(CircuitState.Open, _host.Breakers.GetSnapshot(chain[0].Id).State);
    }

    [Fact]
    public async Task A_request_the_provider_refuses_as_bad_does_not_count_against_its_breaker()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.OpenAiError(400, "input too long"));
        var (tenant, chain) = _host.Register(new ProviderCredential(Key), TestSpecs.OpenAi(primary.BaseAddress));

        for (var i = 0; i < 3; i++)
        {
            var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Embeddings.EmbedAsync(tenant, ["x"]));
            Assert.Equal(ProviderErrorCategory.BadRequest, error.Category);
        }

        Assert.Equal(CircuitState.Closed, _host.Breakers.GetSnapshot(chain[0].Id).State);
    }
}
