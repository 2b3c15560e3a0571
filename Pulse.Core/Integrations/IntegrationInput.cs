using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>What a person enters to create or edit an AI integration. The key travels only here, write-only.</summary>
public sealed record IntegrationInput
{
    /// <summary>The name shown everywhere; unique within the tenant.</summary>
    public string Name { get; init; } = "";

    /// <summary>Which protocol it speaks.</summary>
    public ProviderKind Kind { get; init; } = ProviderKind.OpenAI;

    /// <summary>Embedding or LLM.</summary>
    public ProviderSubtype Subtype { get; init; } = ProviderSubtype.Embedding;

    /// <summary>Root URL of the service (not used by the built-in embedder).</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The model id.</summary>
    public string Model { get; init; } = "";

    /// <summary>Vector length (embeddings).</summary>
    public int? Dimension { get; init; }

    /// <summary>Ask the provider for <see cref="Dimension"/> (text-embedding-3 models).</summary>
    public bool SendDimensions { get; init; }

    /// <summary>The base model that prices the calls (Azure deployments).</summary>
    public string? PricingModel { get; init; }

    /// <summary>Azure OpenAI deployment name.</summary>
    public string? AzureDeployment { get; init; }

    /// <summary>Azure OpenAI api-version.</summary>
    public string? AzureApiVersion { get; init; }

    /// <summary>Non-secret headers sent with every request (gateways).</summary>
    public IReadOnlyDictionary<string, string> ExtraHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>Gateways: the header carrying the key raw; empty for <c>Authorization: Bearer</c>.</summary>
    public string? CredentialHeaderName { get; init; }

    /// <summary>Sentence Transformers: use TEI's OpenAI-compatible route.</summary>
    public bool UseOpenAiCompatibleRoute { get; init; }

    /// <summary>Per-attempt timeout in seconds.</summary>
    public double TimeoutSeconds { get; init; } = 30;

    /// <summary>Most inputs per request.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>Client-side request cap; null for none.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Price per 1,000 input tokens.</summary>
    public decimal PricePer1KInputTokens { get; init; }

    /// <summary>Price per 1,000 output tokens.</summary>
    public decimal PricePer1KOutputTokens { get; init; }

    /// <summary>ISO currency code of the prices.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>The integration to try when this one fails.</summary>
    public int? FallbackIntegrationId { get; init; }

    /// <summary>Enabled or not.</summary>
    public bool Active { get; init; } = true;

    /// <summary>What to do with the stored key.</summary>
    public SecretChange SecretChange { get; init; } = SecretChange.Keep;

    /// <summary>The new key when <see cref="SecretChange"/> is Replace. Never stored in plaintext, never returned.</summary>
    public string? NewSecret { get; init; }

    /// <summary>Never prints the key.</summary>
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Name = {Name}, Kind = {Kind}, Subtype = {Subtype}, BaseUrl = {BaseUrl}, Model = {Model}, Dimension = {Dimension}, ");
        builder.Append($"FallbackIntegrationId = {FallbackIntegrationId}, Active = {Active}, SecretChange = {SecretChange}, NewSecret = {ProviderCredential.Redacted}");
        return true;
    }
}
