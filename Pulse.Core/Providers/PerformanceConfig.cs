namespace Pulse.Core.Providers;

/// <summary>
/// How hard the chain tries one integration (seed 000 <c>performance_config</c>).
/// </summary>
/// <param name="TimeoutSeconds">Per attempt, not per call; fractional so tests can use short ones.</param>
/// <param name="BatchSize">Most inputs sent in one HTTP request; larger inputs are split.</param>
/// <param name="MaxRetries">Retries after the first attempt for transient failures (0 = try once).</param>
/// <param name="RequestsPerMinute">Client-side request cap per integration; null for none.</param>
public sealed record PerformanceConfig(
    double TimeoutSeconds = 30,
    int BatchSize = 64,
    int MaxRetries = 2,
    int? RequestsPerMinute = null)
{
    /// <summary>The defaults used when an integration's configuration says nothing.</summary>
    public static PerformanceConfig Default { get; } = new();

    /// <summary>The per-attempt timeout, never below 50 ms so a typo cannot disable a provider outright.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(Math.Max(0.05, TimeoutSeconds));

    /// <summary>The batch size, at least one.</summary>
    public int EffectiveBatchSize => Math.Max(1, BatchSize);

    /// <summary>The retry count, never negative.</summary>
    public int EffectiveMaxRetries => Math.Max(0, MaxRetries);
}
