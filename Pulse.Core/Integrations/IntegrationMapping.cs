using System.Text.Json;
using Pulse.Core.Data.Entities;
using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>Between <c>integrations</c> rows (JSON columns in snake_case) and <see cref="IntegrationSpec"/>/<see cref="IntegrationInput"/>.</summary>
internal static class IntegrationMapping
{
    public const string AiProviderType = "ai_provider";
    public const string ManagedEmbeddingServer = "embedding_server";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string SubtypeName(ProviderSubtype subtype) => subtype == ProviderSubtype.Llm ? "llm" : "embedding";

    public static ProviderSubtype? ParseSubtype(string? name) => name switch
    {
        "embedding" => ProviderSubtype.Embedding,
        "llm" => ProviderSubtype.Llm,
        _ => null,
    };

    /// <summary>True for rows this module can turn into a spec (an AI provider of a known kind and subtype).</summary>
    public static bool IsProvider(Integration row) =>
        row.IntegrationType == AiProviderType && ParseSubtype(row.IntegrationSubtype) is not null && ProviderNames.ParseProvider(row.Provider) is not null;

    public static bool IsManaged(Integration row) => Read(row.ProviderMetadata, new MetadataDocument()).ManagedBy == ManagedEmbeddingServer;

    public static IntegrationSpec ToSpec(Integration row)
    {
        var model = Read(row.ModelConfig, new ModelDocument());
        var performance = Read(row.PerformanceConfig, new PerformanceDocument());
        var cost = Read(row.CostConfig, new CostDocument());
        var metadata = Read(row.ProviderMetadata, new MetadataDocument());
        return new IntegrationSpec
        {
            Id = row.Id,
            Name = row.IntegrationName,
            Kind = ProviderNames.ParseProvider(row.Provider) ?? ProviderKind.OpenAI,
            Subtype = ParseSubtype(row.IntegrationSubtype) ?? ProviderSubtype.Embedding,
            BaseUrl = row.BaseUrl,
            Model = model.Model ?? "",
            Dimension = model.Dimension,
            SendDimensions = model.SendDimensions,
            PricingModel = model.PricingModel,
            AzureDeployment = metadata.AzureDeployment,
            AzureApiVersion = metadata.AzureApiVersion,
            ExtraHeaders = metadata.ExtraHeaders ?? new Dictionary<string, string>(),
            CredentialHeaderName = metadata.CredentialHeaderName,
            UseOpenAiCompatibleRoute = metadata.UseOpenAiCompatibleRoute,
            Performance = new PerformanceConfig(performance.TimeoutSeconds ?? 30, performance.BatchSize ?? 64, performance.MaxRetries ?? 2, performance.RequestsPerMinute),
            Cost = new CostConfig(cost.PricePer1kInputTokens ?? 0m, cost.PricePer1kOutputTokens ?? 0m, cost.Currency ?? "USD"),
            FallbackIntegrationId = row.FallbackIntegrationId,
            ConfigurationStamp = row.LastUpdatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The edit form's values for a row (never the key).</summary>
    public static IntegrationInput ToInput(Integration row)
    {
        var spec = ToSpec(row);
        return new IntegrationInput
        {
            Name = spec.Name, Kind = spec.Kind, Subtype = spec.Subtype, BaseUrl = spec.BaseUrl, Model = spec.Model, Dimension = spec.Dimension,
            SendDimensions = spec.SendDimensions, PricingModel = spec.PricingModel, AzureDeployment = spec.AzureDeployment,
            AzureApiVersion = spec.AzureApiVersion, ExtraHeaders = spec.ExtraHeaders, CredentialHeaderName = spec.CredentialHeaderName,
            UseOpenAiCompatibleRoute = spec.UseOpenAiCompatibleRoute, TimeoutSeconds = spec.Performance.TimeoutSeconds,
            BatchSize = spec.Performance.BatchSize, MaxRetries = spec.Performance.MaxRetries, RequestsPerMinute = spec.Performance.RequestsPerMinute,
            PricePer1KInputTokens = spec.Cost.PricePer1KInputTokens, PricePer1KOutputTokens = spec.Cost.PricePer1KOutputTokens,
            Currency = spec.Cost.Currency, FallbackIntegrationId = row.FallbackIntegrationId, Active = row.Active,
        };
    }

    /// <summary>The spec an input describes (for validation and connection tests before anything is saved).</summary>
    public static IntegrationSpec ToSpec(IntegrationInput input, int id) => new()
    {
        Id = id,
        Name = input.Name.Trim(),
        Kind = input.Kind,
        Subtype = input.Subtype,
        BaseUrl = input.Kind == ProviderKind.LocalHashing ? null : input.BaseUrl?.Trim(),
        Model = input.Kind == ProviderKind.LocalHashing ? Providers.Local.LocalHashingEmbedder.ModelName : input.Model.Trim(),
        Dimension = input.Subtype == ProviderSubtype.Embedding ? input.Dimension : null,
        SendDimensions = input.SendDimensions,
        PricingModel = Blank(input.PricingModel),
        AzureDeployment = Blank(input.AzureDeployment),
        AzureApiVersion = Blank(input.AzureApiVersion),
        ExtraHeaders = input.ExtraHeaders,
        CredentialHeaderName = Blank(input.CredentialHeaderName),
        UseOpenAiCompatibleRoute = input.UseOpenAiCompatibleRoute,
        Performance = new PerformanceConfig(input.TimeoutSeconds, input.BatchSize, input.MaxRetries, input.RequestsPerMinute),
        Cost = new CostConfig(input.PricePer1KInputTokens, input.PricePer1KOutputTokens, input.Currency.Trim().ToUpperInvariant()),
        FallbackIntegrationId = input.FallbackIntegrationId,
    };

    /// <summary>Writes everything but the key and the tenant onto <paramref name="row"/>.</summary>
    public static void Apply(IntegrationSpec spec, bool active, Integration row, bool managed = false)
    {
        row.IntegrationType = AiProviderType;
        row.IntegrationSubtype = SubtypeName(spec.Subtype);
        row.Provider = ProviderNames.Provider(spec.Kind);
        row.IntegrationName = spec.Name;
        row.BaseUrl = spec.BaseUrl;
        row.ModelConfig = Write(new ModelDocument(spec.Model, spec.Dimension, spec.SendDimensions, spec.PricingModel));
        row.PerformanceConfig = Write(new PerformanceDocument(spec.Performance.TimeoutSeconds, spec.Performance.BatchSize, spec.Performance.MaxRetries, spec.Performance.RequestsPerMinute));
        row.CostConfig = Write(new CostDocument(spec.Cost.PricePer1KInputTokens, spec.Cost.PricePer1KOutputTokens, spec.Cost.Currency));
        row.ProviderMetadata = Write(new MetadataDocument(spec.AzureDeployment, spec.AzureApiVersion,
            spec.ExtraHeaders.Count > 0 ? new Dictionary<string, string>(spec.ExtraHeaders) : null, spec.CredentialHeaderName,
            spec.UseOpenAiCompatibleRoute, managed || IsManaged(row) ? ManagedEmbeddingServer : null));
        row.FallbackIntegrationId = spec.FallbackIntegrationId;
        row.Active = active;
        row.LastUpdatedAt = DateTimeOffset.UtcNow;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Write<T>(T document) => JsonSerializer.Serialize(document, Json);

    private static T Read<T>(string? json, T empty)
    {
        if (string.IsNullOrWhiteSpace(json)) return empty;
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? empty;
        }
        catch (JsonException)
        {
            return empty;
        }
    }

    private sealed record ModelDocument(string? Model = null, int? Dimension = null, bool SendDimensions = false, string? PricingModel = null);

    private sealed record PerformanceDocument(double? TimeoutSeconds = null, int? BatchSize = null, int? MaxRetries = null, int? RequestsPerMinute = null);

    private sealed record CostDocument(
        [property: System.Text.Json.Serialization.JsonPropertyName("price_per_1k_input_tokens")] decimal? PricePer1kInputTokens = null,
        [property: System.Text.Json.Serialization.JsonPropertyName("price_per_1k_output_tokens")] decimal? PricePer1kOutputTokens = null,
        string? Currency = null);

    private sealed record MetadataDocument(
        string? AzureDeployment = null, string? AzureApiVersion = null, Dictionary<string, string>? ExtraHeaders = null,
        string? CredentialHeaderName = null, bool UseOpenAiCompatibleRoute = false, string? ManagedBy = null);
}
