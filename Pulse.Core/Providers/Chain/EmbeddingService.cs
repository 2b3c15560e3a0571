namespace Pulse.Core.Providers.Chain;

/// <summary>
/// Embeddings over the provider chain; each answer is validated before it counts as one. Small calls (a search query)
/// reuse vectors the same integration gave this tenant within its cache time-to-live, and send only the texts it has
/// not seen.
/// </summary>
internal sealed class EmbeddingService(ProviderChain chain, IProviderClientFactory clients, EmbeddingCache cache) : IEmbeddingService
{
    public async Task<EmbeddingResult> EmbedAsync(
        int tenantId, IReadOnlyList<string> texts, int? integrationId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var call = new ChainCall(tenantId, ProviderSubtype.Embedding, ProviderOperation.Embedding, texts.Count, integrationId);
        var outcome = await chain.ExecuteAsync(call, (link, settings, ct) => EmbedWithAsync(tenantId, link, settings, texts, ct), cancellationToken).ConfigureAwait(false);
        return new EmbeddingResult(outcome.Value, outcome.Call);
    }

    private async Task<ProviderReply<IReadOnlyList<float[]>>> EmbedWithAsync(
        int tenantId, ResolvedIntegration link, TenantCallSettings settings, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var cached = settings.CacheTtl > TimeSpan.Zero && texts.Count is > 0 and <= EmbeddingCache.MaxTextsPerCall
            ? texts.Select(t => cache.Find(tenantId, link.Spec, t)).ToArray()
            : null;
        var missing = cached is null ? texts : texts.Where((_, i) => cached[i] is null).ToList();
        var response = missing.Count == 0
            ? new EmbeddingResponse([], TokenUsage.None, null)
            : await clients.CreateEmbeddingClient(link.Spec).EmbedAsync(missing, link.Credential, cancellationToken).ConfigureAwait(false);
        if (missing.Count > 0) EmbeddingResponseValidator.Validate(link.Spec, missing.Count, response);
        if (cached is null) return new ProviderReply<IReadOnlyList<float[]>>(response.Vectors, response.Usage, response.Model);

        var vectors = new float[texts.Count][];
        for (int i = 0, next = 0; i < texts.Count; i++)
        {
            if (cached[i] is { } hit)
            {
                vectors[i] = hit;
                continue;
            }
            vectors[i] = response.Vectors[next++];
            cache.Store(tenantId, link.Spec, texts[i], vectors[i], settings.CacheTtl);
        }
        return new ProviderReply<IReadOnlyList<float[]>>(vectors, response.Usage, response.Model ?? link.Spec.Model) { CachedInputs = texts.Count - missing.Count };
    }
}
