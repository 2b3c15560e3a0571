using Pulse.Core.Providers;

namespace Pulse.Core.Preferences;

/// <summary>An optional monthly cap on what one provider may cost a tenant, inside the overall budget.</summary>
public sealed class ProviderCap
{
    /// <summary>The provider's stored name (<c>ai_usage_tracking.provider</c>), e.g. <c>openai</c>.</summary>
    public string Provider { get; set; } = "";

    /// <summary>Most the provider's calls may cost in a month, in the budget's currency (more than 0).</summary>
    public decimal MonthlyCap { get; set; }

    /// <summary>The providers a cap can be set on: every paid one (the built-in embedder costs nothing).</summary>
    public static IReadOnlyList<ProviderKind> CappableProviders { get; } =
        [ProviderKind.OpenAI, ProviderKind.AzureOpenAI, ProviderKind.SentenceTransformers, ProviderKind.Gateway];

    /// <summary>The provider's label ("OpenAI"), or the stored name when it is not one of ours.</summary>
    public static string LabelOf(string provider) => ProviderNames.ParseProvider(provider) is { } kind ? ProviderNames.Label(kind) : provider;
}
