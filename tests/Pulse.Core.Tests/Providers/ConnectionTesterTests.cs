using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.Providers;

public sealed class ConnectionTesterTests : IDisposable
{
    private readonly ProviderTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_working_embedding_integration_reports_latency_dimension_and_tokens()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.TeiEmbed(r, 8, computeTokens: 5));

        var result = await _host.Tester.TestConnectionAsync(TestSpecs.Tei(server.BaseAddress), null);

        Assert.True(result.Success, result.Error);
        Assert.Equal(8, result.Dimension);
        Assert.Equal(5, result.Usage!.InputTokens);
        Assert.True(result.LatencyMs >= 0);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task A_dimension_mismatch_is_reported_with_the_dimension_the_model_returns()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 12));

        var result = await _host.Tester.TestConnectionAsync(TestSpecs.OpenAi(server.BaseAddress, dimension: 8), new ProviderCredential("k"));

        Assert.False(result.Success);
        Assert.Equal(12, result.Dimension);
        Assert.Equal(ProviderErrorCategory.WrongDimension, result.ErrorCategory);
        Assert.Contains("configured for 8", result.Error);
    }

    [Fact]
    public async Task An_unreachable_server_is_explained_in_plain_words()
    {
        var result = await _host.Tester.TestConnectionAsync(TestSpecs.Tei(LoopbackHttpServer.UnusedAddress()), null);

        Assert.False(result.Success);
        Assert.Equal(ProviderErrorCategory.NetworkError, result.ErrorCategory);
        Assert.Contains("could not be reached", result.Error);
    }

    [Fact]
    public async Task A_slow_server_is_reported_as_a_timeout()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.TeiEmbed(r, 8).After(TimeSpan.FromSeconds(5)));
        var spec = TestSpecs.Tei(server.BaseAddress) with { Performance = new PerformanceConfig(TimeoutSeconds: 0.3) };

        var result = await _host.Tester.TestConnectionAsync(spec, null);

        Assert.Equal(ProviderErrorCategory.Timeout, result.ErrorCategory);
        Assert.Contains("did not answer within 0.3 s", result.Error);
    }

    [Fact]
    public async Task An_llm_integration_reports_the_models_reply()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.ChatCompletion("pong"));

        var result = await _host.Tester.TestConnectionAsync(TestSpecs.Chat(server.BaseAddress), new ProviderCredential("k"));

        Assert.True(result.Success, result.Error);
        Assert.Equal("pong", result.ModelReply);
        Assert.Equal(15, result.Usage!.TotalTokens);
    }
}
