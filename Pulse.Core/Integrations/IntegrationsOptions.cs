namespace Pulse.Core.Integrations;

/// <summary>Provider settings of the deployment (<c>Pulse:Providers</c>).</summary>
public sealed class IntegrationsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pulse:Providers";

    /// <summary>
    /// A text-embeddings-inference server (compose sets it to the <c>embeddings</c> service). When set, every tenant
    /// gets a managed Sentence Transformers integration pointing there as its default embedding integration.
    /// </summary>
    public string? EmbeddingServerUrl { get; set; }

    /// <summary>Most texts sent to the embedding server in one request (its <c>--max-client-batch-size</c>).</summary>
    public int EmbeddingServerBatchSize { get; set; } = 32;
}
