using System.Globalization;

namespace Pulse.Core.Providers.Clients;

/// <summary>
/// text-embeddings-inference's native <c>POST /embed</c>. TEI reports usage only in the
/// <c>x-compute-tokens</c> response header, so that is where the token count comes from.
/// </summary>
internal sealed class TeiEmbeddingClient(HttpClient http, IntegrationSpec spec) : IEmbeddingClient
{
    public const string ComputeTokensHeader = "x-compute-tokens";

    public IntegrationSpec Spec { get; } = spec;

    public Task<EmbeddingResponse> EmbedAsync(IReadOnlyList<string> inputs, ProviderCredential? credential, CancellationToken cancellationToken)
    {
        var uri = ProviderEndpoints.Embeddings(Spec);
        return EmbeddingBatches.RunAsync(
            inputs, Spec.Performance.EffectiveBatchSize, (batch, ct) => EmbedBatchAsync(uri, batch, credential, ct), cancellationToken);
    }

    private async Task<EmbeddingResponse> EmbedBatchAsync(Uri uri, IReadOnlyList<string> batch, ProviderCredential? credential, CancellationToken cancellationToken)
    {
        using var request = ProviderRequests.CreatePost(Spec, credential, uri, TeiJson.EmbedRequest(batch));
        var response = await ProviderHttp.SendAsync(http, request, Spec, credential, cancellationToken).ConfigureAwait(false);
        var vectors = TeiJson.ReadEmbed(response.Body, batch.Count, Spec);
        var usage = int.TryParse(response.Header(ComputeTokensHeader), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tokens) && tokens >= 0
            ? TokenUsage.Reported(tokens, 0)
            : TokenUsage.Estimate(TokenEstimator.EstimateTokens(batch));
        return new EmbeddingResponse(vectors, usage, Spec.Model);
    }
}
