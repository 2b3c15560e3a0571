namespace Pulse.Core.Providers.Resilience;

/// <summary>
/// Chain-wide resilience settings (per-integration timeouts and retry counts live in
/// <see cref="PerformanceConfig"/>). Bound from configuration section <see cref="SectionName"/>.
/// </summary>
public sealed class ProviderResilienceOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Pulse:Providers:Resilience";

    /// <summary>Consecutive failures that open an integration's breaker.</summary>
    public int BreakerFailureThreshold { get; set; } = 5;

    /// <summary>How long an open breaker skips its integration before letting one trial call through.</summary>
    public TimeSpan BreakerCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest computed back-off.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// Longest Retry-After we wait for. A provider that asks for longer is not retried: its
    /// fallback answers sooner than it would.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);
}
