namespace Pulse.Core.Providers;

/// <summary>
/// Prices of an integration (seed 000 <c>cost_config</c>), per 1,000 tokens. Decimal, because
/// usage costs are summed into budgets and must not drift the way binary floats do.
/// </summary>
public sealed record CostConfig(
    decimal PricePer1KInputTokens = 0m,
    decimal PricePer1KOutputTokens = 0m,
    string Currency = "USD")
{
    /// <summary>A free integration (the built-in embedder, a self-hosted server).</summary>
    public static CostConfig Free { get; } = new();

    /// <summary>The cost of a call; a zero price gives zero, never null, so free calls still chart.</summary>
    public decimal Compute(int inputTokens, int outputTokens) =>
        (Math.Max(0, inputTokens) * PricePer1KInputTokens / 1000m)
        + (Math.Max(0, outputTokens) * PricePer1KOutputTokens / 1000m);
}
