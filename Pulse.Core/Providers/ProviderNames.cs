namespace Pulse.Core.Providers;

/// <summary>
/// Stable lower-case names for kinds and operations, as stored in the database and shown in
/// usage charts. Enum member names are not used there so that renaming a member cannot
/// silently split a tenant's history.
/// </summary>
public static class ProviderNames
{
    /// <summary>The stored name of a provider kind (<c>ai_usage_tracking.provider</c>).</summary>
    public static string Provider(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => "openai",
        ProviderKind.AzureOpenAI => "azure_openai",
        ProviderKind.SentenceTransformers => "sentence_transformers",
        ProviderKind.Gateway => "gateway",
        ProviderKind.LocalHashing => "local_hashing",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown provider kind."),
    };

    /// <summary>Parses a stored provider name back; null when it is not one of ours.</summary>
    public static ProviderKind? ParseProvider(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "openai" => ProviderKind.OpenAI,
        "azure_openai" or "azure" => ProviderKind.AzureOpenAI,
        "sentence_transformers" or "tei" => ProviderKind.SentenceTransformers,
        "gateway" => ProviderKind.Gateway,
        "local_hashing" or "local" => ProviderKind.LocalHashing,
        _ => null,
    };

    /// <summary>The stored name of an operation (<c>ai_usage_tracking.operation</c>).</summary>
    public static string Operation(ProviderOperation operation) => operation switch
    {
        ProviderOperation.Embedding => "embedding",
        ProviderOperation.TextGeneration => "text_generation",
        ProviderOperation.Analysis => "analysis",
        _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Unknown operation."),
    };

    /// <summary>A human label for a provider kind, for the portal.</summary>
    public static string Label(ProviderKind kind) => kind switch
    {
        ProviderKind.OpenAI => "OpenAI",
        ProviderKind.AzureOpenAI => "Azure OpenAI",
        ProviderKind.SentenceTransformers => "Sentence Transformers (text-embeddings-inference)",
        ProviderKind.Gateway => "OpenAI-compatible gateway",
        ProviderKind.LocalHashing => Local.LocalHashingEmbedder.DisplayLabel,
        _ => kind.ToString(),
    };
}
