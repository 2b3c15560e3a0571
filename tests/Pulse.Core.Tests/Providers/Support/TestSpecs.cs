using Pulse.Core.Providers;

namespace Pulse.Core.Tests.Providers.Support;

/// <summary>Integration specs aimed at loopback servers, with test-sized timeouts.</summary>
public static class TestSpecs
{
    private static int _nextId = 1000;

    /// <summary>A fresh id per spec, so breakers never leak between tests.</summary>
    public static int NextId() => Interlocked.Increment(ref _nextId);

    public static IntegrationSpec OpenAi(Uri baseAddress, int dimension = 8, int? fallback = null, double timeout = 2, int retries = 0, string model = "text-embedding-3-small") => new()
    {
        Id = NextId(),
        Name = "OpenAI test",
        Kind = ProviderKind.OpenAI,
        BaseUrl = baseAddress.ToString(),
        Model = model,
        Dimension = dimension,
        FallbackIntegrationId = fallback,
        Performance = new PerformanceConfig(TimeoutSeconds: timeout, BatchSize: 16, MaxRetries: retries),
        Cost = new CostConfig(PricePer1KInputTokens: 0.02m, PricePer1KOutputTokens: 0m),
    };

    public static IntegrationSpec Azure(Uri baseAddress, int dimension = 8, string deployment = "emb-deploy", ProviderSubtype subtype = ProviderSubtype.Embedding) => new()
    {
        Id = NextId(),
        Name = "Azure test",
        Kind = ProviderKind.AzureOpenAI,
        Subtype = subtype,
        BaseUrl = baseAddress.ToString(),
        Model = "text-embedding-3-small",
        PricingModel = "text-embedding-3-small",
        AzureDeployment = deployment,
        Dimension = dimension,
        Performance = new PerformanceConfig(TimeoutSeconds: 2, MaxRetries: 0),
    };

    public static IntegrationSpec Tei(Uri baseAddress, int dimension = 8, bool openAiRoute = false) => new()
    {
        Id = NextId(),
        Name = "TEI test",
        Kind = ProviderKind.SentenceTransformers,
        BaseUrl = baseAddress.ToString(),
        Model = "sentence-transformers/all-MiniLM-L6-v2",
        Dimension = dimension,
        UseOpenAiCompatibleRoute = openAiRoute,
        Performance = new PerformanceConfig(TimeoutSeconds: 2, MaxRetries: 0),
    };

    public static IntegrationSpec Chat(Uri baseAddress, ProviderKind kind = ProviderKind.OpenAI, int? fallback = null, int retries = 0) => new()
    {
        Id = NextId(),
        Name = $"{kind} chat test",
        Kind = kind,
        Subtype = ProviderSubtype.Llm,
        BaseUrl = baseAddress.ToString(),
        Model = "gpt-4o-mini",
        AzureDeployment = kind == ProviderKind.AzureOpenAI ? "chat" : null,
        FallbackIntegrationId = fallback,
        Performance = new PerformanceConfig(TimeoutSeconds: 2, MaxRetries: retries),
        Cost = new CostConfig(PricePer1KInputTokens: 0.15m, PricePer1KOutputTokens: 0.6m),
    };
}
