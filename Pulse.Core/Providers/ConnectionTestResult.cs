namespace Pulse.Core.Providers;

/// <summary>What a connection test found.</summary>
/// <param name="Success">True when the provider answered and the answer fits the configuration.</param>
/// <param name="LatencyMs">Round trip of the one call.</param>
/// <param name="Dimension">For embeddings, the length of the returned vector (also when it mismatches).</param>
/// <param name="ModelReply">For an LLM, the start of the model's answer.</param>
/// <param name="Model">The model the provider says answered.</param>
/// <param name="Usage">Tokens the test used.</param>
/// <param name="ErrorCategory">Why it failed; null on success.</param>
/// <param name="Error">The failure in plain words; null on success.</param>
public sealed record ConnectionTestResult(
    bool Success,
    long LatencyMs,
    int? Dimension,
    string? ModelReply,
    string? Model,
    TokenUsage? Usage,
    ProviderErrorCategory? ErrorCategory,
    string? Error);
