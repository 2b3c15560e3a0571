namespace Pulse.Core.Providers.Clients;

/// <summary>
/// The OpenAI embeddings protocol, as spoken by OpenAI, Azure OpenAI, gateways and TEI's
/// <c>/v1/embeddings</c>; they differ only in URL and authentication.
/// </summary>
internal sealed class OpenAiCompatibleEmbeddingClient(HttpClient http, IntegrationSpec spec) : IEmbeddingClient
{
    public IntegrationSpec Spec { get; } = spec;

    public Task<EmbeddingResponse> EmbedAsync(IReadOnlyList<string> inputs, ProviderCredential? credential, CancellationToken cancellationToken)
    {
        var uri = ProviderEndpoints.Embeddings(Spec);
        return EmbeddingBatches.RunAsync(
            inputs, Spec.Performance.EffectiveBatchSize, (batch, ct) => EmbedBatchAsync(uri, batch, credential, ct), cancellationToken);
    }

    private async Task<EmbeddingResponse> EmbedBatchAsync(Uri uri, IReadOnlyList<string> batch, ProviderCredential? credential, CancellationToken cancellationToken)
    {
        using var request = ProviderRequests.CreatePost(Spec, credential, uri, OpenAiJson.EmbeddingRequest(Spec, batch));
        var response = await ProviderHttp.SendAsync(http, request, Spec, credential, cancellationToken).ConfigureAwait(false);
        var (vectors, usage, model) = OpenAiJson.ReadEmbeddings(response.Body, batch.Count, Spec);
        return new EmbeddingResponse(vectors, usage ?? TokenUsage.Estimate(TokenEstimator.EstimateTokens(batch)), model);
    }
}
