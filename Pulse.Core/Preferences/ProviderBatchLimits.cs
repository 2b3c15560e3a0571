using Pulse.Core.Providers;

namespace Pulse.Core.Preferences;

/// <summary>The most texts each provider accepts in one embedding request.</summary>
public static class ProviderBatchLimits
{
    /// <summary>The limit for a provider kind; the built-in embedder's when none is chosen.</summary>
    public static int For(ProviderKind? kind) => kind switch
    {
        ProviderKind.OpenAI or ProviderKind.AzureOpenAI or ProviderKind.Gateway => 2048,
        // text-embeddings-inference's default --max-client-batch-size.
        ProviderKind.SentenceTransformers => 32,
        _ => 1024,
    };
}
