namespace Pulse.Core.Providers;

/// <summary>Chat completions for a tenant through its LLM chain, with the same guarantees as <see cref="IEmbeddingService"/>.</summary>
public interface ITextGenerationService
{
    /// <summary>
    /// Sends <paramref name="request"/> and returns the first answer. <paramref name="operation"/> is
    /// what the usage row is billed under (text_generation or analysis).
    /// </summary>
    Task<TextGenerationResult> CompleteAsync(
        int tenantId,
        ChatRequest request,
        ProviderOperation operation = ProviderOperation.TextGeneration,
        int? integrationId = null,
        CancellationToken cancellationToken = default);
}
