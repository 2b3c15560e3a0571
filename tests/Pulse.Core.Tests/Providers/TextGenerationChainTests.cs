using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.Providers;

public sealed class TextGenerationChainTests : IDisposable
{
    private readonly ProviderTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_failing_llm_falls_back_and_bills_input_and_output_tokens_under_the_operation()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(_ => LoopbackResponse.Drop());
        await using var fallback = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.ChatCompletion("answer", 1000, 2000));
        var (tenant, chain) = _host.Register(new ProviderCredential("k"),
            TestSpecs.Chat(primary.BaseAddress), TestSpecs.Chat(fallback.BaseAddress, ProviderKind.Gateway));

        var result = await _host.TextGeneration.CompleteAsync(tenant, new ChatRequest([ChatMessage.User("Analyse this")]), ProviderOperation.Analysis);

        Assert.Equal("answer", result.Content);
        Assert.Equal(chain[1].Id, result.Call.IntegrationId);
        var rows = _host.Usage.Records;
        Assert.Equal(ProviderErrorCategory.NetworkError, rows[0].ErrorCategory);
        var success = rows[1];
        Assert.Equal(ProviderOperation.Analysis, success.Operation);
        Assert.Equal((1000, 2000, 3000), (success.InputTokens, success.OutputTokens, success.TotalTokens));
        Assert.Equal(0.15m + 1.2m, success.Cost);
        Assert.True(success.FallbackUsed);
    }
}
