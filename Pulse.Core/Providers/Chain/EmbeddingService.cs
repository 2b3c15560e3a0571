namespace Pulse.Core.Providers.Chain;

/// <summary>Embeddings over the provider chain; each answer is validated before it counts as one.</summary>
internal sealed class EmbeddingService(ProviderChain chain, IProviderClientFactory clients) : IEmbeddingService
{
    public async Task<EmbeddingResult> EmbedAsync(
        int tenantId, IReadOnlyList<string> texts, int? integrationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var call = new ChainCall(tenantId, ProviderSubtype.Embedding, ProviderOperation.Embedding, texts.Count, integrationId);
        var outcome = await chain.ExecuteAsync(call, (link, ct) => EmbedWithAsync(link, texts, ct), cancellationToken).ConfigureAwait(false);
        return new EmbeddingResult(outcome.Value, outcome.Call);
    }

    private async Task<ProviderReply<IReadOnlyList<float[]>>> EmbedWithAsync(ResolvedIntegration link, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var client = clients.CreateEmbeddingClient(link.Spec);
        var response = await client.EmbedAsync(texts, link.Credential, cancellationToken).ConfigureAwait(false);
        EmbeddingResponseValidator.Validate(link.Spec, texts.Count, response);
        return new ProviderReply<IReadOnlyList<float[]>>(response.Vectors, response.Usage, response.Model);
    }
}
