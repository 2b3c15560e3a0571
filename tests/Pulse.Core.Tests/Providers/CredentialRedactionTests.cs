using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.Providers;

/// <summary>The API key goes onto the wire and nowhere else: not in logs, messages or usage rows.</summary>
public sealed class CredentialRedactionTests : IDisposable
{
    private const string Key = "sk-live-SECRET-7f3a9c2e1b";
    private readonly ProviderTestHost _host = new(s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace)));

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_provider_echoing_the_key_in_its_errors_never_gets_the_key_into_logs_exceptions_or_usage()
    {
        // 401 with OpenAI's habit of quoting the key, then a 500 and a 429 quoting it whole.
        await using var unauthorized = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.OpenAiError(401, $"Incorrect API key provided: {Key}"));
        await using var failing = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.OpenAiError(500, $"internal error for key {Key}"));
        await using var limited = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.OpenAiError(429, $"rate limit for {Key}"));
        var (tenant, _) = _host.Register(new ProviderCredential(Key),
            TestSpecs.OpenAi(unauthorized.BaseAddress), TestSpecs.OpenAi(failing.BaseAddress, retries: 1), TestSpecs.OpenAi(limited.BaseAddress));

        var error = await Assert.ThrowsAsync<ProviderException>(() => _host.Embeddings.EmbedAsync(tenant, ["text"]));

        Assert.Contains(Key, unauthorized.Requests[0].Header("Authorization"));
        Assert.Contains("[redacted]", error.Message);
        Assert.Contains("refused the credentials (HTTP 401)", error.Message);
        Assert.DoesNotContain(Key, AllExceptionText(error));
        Assert.DoesNotContain(Key, _host.Logs.AllText);
        // The HttpClient factory's own request logging (headers at Trace) is in the capture too.
        Assert.Contains(_host.Logs.Lines, l => l.Contains("System.Net.Http.HttpClient.Pulse.Providers") && l.Contains("Authorization"));
        Assert.All(_host.Usage.Records, r => Assert.DoesNotContain(Key, r.ToString()));
    }

    [Fact]
    public async Task A_failed_connection_test_does_not_reveal_the_key()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.OpenAiError(500, $"bad key {Key}"));

        var result = await _host.Tester.TestConnectionAsync(TestSpecs.OpenAi(server.BaseAddress), new ProviderCredential(Key));

        Assert.False(result.Success);
        Assert.DoesNotContain(Key, result.ToString());
        Assert.DoesNotContain(Key, _host.Logs.AllText);
    }

    private static string AllExceptionText(Exception error)
    {
        var text = error.ToString();
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            text += inner.ToString();
        }

        return text + string.Join(" ", ((ProviderException)error).Attempts);
    }
}
