using System.ComponentModel.DataAnnotations;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;

namespace Pulse.Portal.Components.Pages.IntegrationParts;

/// <summary>The create/edit form's values. Shape checks here; the business rules (URLs, chains) are Pulse.Core's.</summary>
public sealed class IntegrationFormModel
{
    [Required(ErrorMessage = "Enter a name."), StringLength(100, MinimumLength = 2, ErrorMessage = "The name must be 2 to 100 characters.")]
    public string Name { get; set; } = "";

    public ProviderKind Kind { get; set; } = ProviderKind.OpenAI;

    public ProviderSubtype Subtype { get; set; } = ProviderSubtype.Embedding;

    [StringLength(500, ErrorMessage = "The URL is at most 500 characters.")]
    public string? BaseUrl { get; set; } = "https://api.openai.com";

    [StringLength(200, ErrorMessage = "The model is at most 200 characters.")]
    public string? Model { get; set; } = "text-embedding-3-small";

    [Range(1, 16384, ErrorMessage = "The dimension must be from 1 to 16384.")]
    public int? Dimension { get; set; } = 1536;

    public bool SendDimensions { get; set; }

    public string? PricingModel { get; set; }

    public string? AzureDeployment { get; set; }

    public string? AzureApiVersion { get; set; }

    public string? ExtraHeaders { get; set; }

    public string? CredentialHeaderName { get; set; }

    public bool UseOpenAiCompatibleRoute { get; set; }

    [Range(0.1, 600, ErrorMessage = "The timeout must be 0.1 to 600 seconds.")]
    public double TimeoutSeconds { get; set; } = 30;

    [Range(1, 4096, ErrorMessage = "The batch size must be 1 to 4096.")]
    public int BatchSize { get; set; } = 64;

    [Range(0, 10, ErrorMessage = "Retries must be 0 to 10.")]
    public int MaxRetries { get; set; } = 2;

    [Range(1, 1_000_000, ErrorMessage = "Requests per minute must be a positive number, or empty for no limit.")]
    public int? RequestsPerMinute { get; set; }

    [Range(typeof(decimal), "0", "1000", ErrorMessage = "The input price must be 0 or more.")]
    public decimal PricePer1KInputTokens { get; set; }

    [Range(typeof(decimal), "0", "1000", ErrorMessage = "The output price must be 0 or more.")]
    public decimal PricePer1KOutputTokens { get; set; }

    [Required(ErrorMessage = "Enter a currency."), RegularExpression("^[A-Za-z]{3}$", ErrorMessage = "Use a three-letter code such as USD.")]
    public string Currency { get; set; } = "USD";

    public int? FallbackIntegrationId { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>Typed by the user, sent once, never rendered back (the field has no bound value).</summary>
    public string? NewSecret { get; set; }

    public bool ClearSecret { get; set; }

    /// <summary>The values of an existing integration (the key stays where it is).</summary>
    public static IntegrationFormModel From(IntegrationInput input) => new()
    {
        Name = input.Name, Kind = input.Kind, Subtype = input.Subtype, BaseUrl = input.BaseUrl, Model = input.Model, Dimension = input.Dimension,
        SendDimensions = input.SendDimensions, PricingModel = input.PricingModel, AzureDeployment = input.AzureDeployment,
        AzureApiVersion = input.AzureApiVersion, ExtraHeaders = string.Join("\n", input.ExtraHeaders.Select(h => $"{h.Key}: {h.Value}")),
        CredentialHeaderName = input.CredentialHeaderName, UseOpenAiCompatibleRoute = input.UseOpenAiCompatibleRoute,
        TimeoutSeconds = input.TimeoutSeconds, BatchSize = input.BatchSize, MaxRetries = input.MaxRetries, RequestsPerMinute = input.RequestsPerMinute,
        PricePer1KInputTokens = input.PricePer1KInputTokens, PricePer1KOutputTokens = input.PricePer1KOutputTokens, Currency = input.Currency,
        FallbackIntegrationId = input.FallbackIntegrationId, Active = input.Active,
    };

    /// <summary>What the service receives; throws a ValidationFailedException for unreadable header lines.</summary>
    public IntegrationInput ToInput() => new()
    {
        Name = Name.Trim(), Kind = Kind, Subtype = Subtype, BaseUrl = BaseUrl, Model = Model ?? "", Dimension = Dimension,
        SendDimensions = SendDimensions, PricingModel = PricingModel, AzureDeployment = AzureDeployment, AzureApiVersion = AzureApiVersion,
        ExtraHeaders = IntegrationRules.ParseHeaderLines(ExtraHeaders), CredentialHeaderName = CredentialHeaderName,
        UseOpenAiCompatibleRoute = UseOpenAiCompatibleRoute, TimeoutSeconds = TimeoutSeconds, BatchSize = BatchSize, MaxRetries = MaxRetries,
        RequestsPerMinute = RequestsPerMinute, PricePer1KInputTokens = PricePer1KInputTokens, PricePer1KOutputTokens = PricePer1KOutputTokens,
        Currency = Currency.Trim().ToUpperInvariant(), FallbackIntegrationId = FallbackIntegrationId, Active = Active,
        SecretChange = !string.IsNullOrWhiteSpace(NewSecret) ? SecretChange.Replace : ClearSecret ? SecretChange.Clear : SecretChange.Keep,
        NewSecret = string.IsNullOrWhiteSpace(NewSecret) ? null : NewSecret,
    };

    /// <summary>Sensible defaults when the type changes on a new integration.</summary>
    public void ApplyKindDefaults()
    {
        (BaseUrl, Model, Dimension) = Kind switch
        {
            ProviderKind.OpenAI => ("https://api.openai.com", Subtype == ProviderSubtype.Llm ? "gpt-4o-mini" : "text-embedding-3-small", (int?)1536),
            ProviderKind.AzureOpenAI => ("https://YOUR-RESOURCE.openai.azure.com", Subtype == ProviderSubtype.Llm ? "gpt-4o-mini" : "text-embedding-3-small", 1536),
            ProviderKind.SentenceTransformers => ("http://embeddings:80", "sentence-transformers/all-MiniLM-L6-v2", 384),
            ProviderKind.Gateway => ("https://", Subtype == ProviderSubtype.Llm ? "gpt-4o-mini" : "text-embedding-3-small", 1536),
            _ => (null, Pulse.Core.Providers.Local.LocalHashingEmbedder.ModelName, 384),
        };
        if (Kind is ProviderKind.LocalHashing or ProviderKind.SentenceTransformers) Subtype = ProviderSubtype.Embedding;
        if (Kind is ProviderKind.LocalHashing or ProviderKind.SentenceTransformers) (PricePer1KInputTokens, PricePer1KOutputTokens) = (0m, 0m);
    }
}
