namespace Pulse.Core.Integrations;

/// <summary>An integration's calls over the last 24 hours (from <c>ai_usage_tracking</c>).</summary>
/// <param name="Calls">Usage rows (one per call that considered it).</param>
/// <param name="Successes">Rows where it answered.</param>
/// <param name="P95LatencyMs">95th percentile latency of its rows; null without calls.</param>
/// <param name="Cost">Summed cost.</param>
/// <param name="LastError">The latest failure in plain words, within the window; null when none.</param>
/// <param name="LastErrorAt">When it happened.</param>
public sealed record IntegrationHealth(int Calls, int Successes, int? P95LatencyMs, decimal Cost, string? LastError, DateTimeOffset? LastErrorAt)
{
    /// <summary>No calls.</summary>
    public static IntegrationHealth None { get; } = new(0, 0, null, 0m, null, null);

    /// <summary>Share of calls that succeeded, 0..1; null without calls.</summary>
    public double? SuccessRate => Calls == 0 ? null : (double)Successes / Calls;
}
