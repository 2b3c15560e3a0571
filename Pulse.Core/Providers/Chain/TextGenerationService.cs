namespace Pulse.Core.Providers.Chain;

/// <summary>Chat completions over the provider chain.</summary>
internal sealed class TextGenerationService(ProviderChain chain, IProviderClientFactory clients) : ITextGenerationService
{
    public async Task<TextGenerationResult> CompleteAsync(
        int tenantId,
        ChatRequest request,
        ProviderOperation operation = ProviderOperation.TextGeneration,
        int? integrationId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages.Count == 0)
        {
            throw new ArgumentException("A chat request needs at least one message.", nameof(request));
        }

        var call = new ChainCall(tenantId, ProviderSubtype.Llm, operation, request.Messages.Count, integrationId);
        var outcome = await chain.ExecuteAsync(call, (link, _, ct) => CompleteWithAsync(link, request, ct), cancellationToken).ConfigureAwait(false);
        return new TextGenerationResult(outcome.Value.Content, outcome.Value.FinishReason, outcome.Call);
    }

    private async Task<ProviderReply<ChatResponse>> CompleteWithAsync(ResolvedIntegration link, ChatRequest request, CancellationToken cancellationToken)
    {
        var client = clients.CreateChatClient(link.Spec);
        var response = await client.CompleteAsync(request, link.Credential, cancellationToken).ConfigureAwait(false);
        return new ProviderReply<ChatResponse>(response, response.Usage, response.Model);
    }
}
