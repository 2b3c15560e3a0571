using Microsoft.Extensions.Logging;

namespace Pulse.Core.Providers.Chain;

/// <summary>One real call per test, bounded by the integration's timeout; failures become a result, not an exception.</summary>
internal sealed class ProviderConnectionTester(IProviderClientFactory clients, TimeProvider timeProvider, ILogger<ProviderConnectionTester> logger)
    : IProviderConnectionTester
{
    private const string ProbeText = "Pulse connection test";
    private const int MaxReplyLength = 200;

    public async Task<ConnectionTestResult> TestConnectionAsync(IntegrationSpec spec, ProviderCredential? credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(spec.Performance.Timeout);
        var started = timeProvider.GetTimestamp();
        int? dimension = null;
        try
        {
            if (spec.Subtype == ProviderSubtype.Llm)
            {
                var chat = await clients.CreateChatClient(spec).CompleteAsync(
                    new ChatRequest([ChatMessage.User("Reply with the single word: pong")], MaxOutputTokens: 16), credential, timeout.Token).ConfigureAwait(false);
                var reply = chat.Content.Length > MaxReplyLength ? chat.Content[..MaxReplyLength] : chat.Content;
                return new ConnectionTestResult(true, Elapsed(started), null, reply, chat.Model, chat.Usage, null, null);
            }

            var response = await clients.CreateEmbeddingClient(spec).EmbedAsync([ProbeText], credential, timeout.Token).ConfigureAwait(false);
            dimension = response.Vectors.FirstOrDefault()?.Length;
            EmbeddingResponseValidator.Validate(spec, 1, response);
            return new ConnectionTestResult(true, Elapsed(started), dimension, null, response.Model ?? spec.Model, response.Usage, null, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(spec, ProviderErrorCategory.Timeout,
                $"{ProviderNames.Label(spec.Kind)} integration '{spec.Name}' did not answer within {spec.Performance.Timeout.TotalSeconds:0.##} s.", started, dimension);
        }
        catch (ProviderException ex)
        {
            return Failed(spec, ex.Category, ex.Message, started, dimension);
        }
    }

    private ConnectionTestResult Failed(IntegrationSpec spec, ProviderErrorCategory category, string message, long started, int? dimension)
    {
        ProviderLog.ConnectionTestFailed(logger, spec.Id, spec.Name, category, message);
        return new ConnectionTestResult(false, Elapsed(started), dimension, null, null, null, category, message);
    }

    private long Elapsed(long started) => (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;
}
