namespace Pulse.Core.Preferences;

/// <summary>The 'performance' preference: how hard and how wide the tenant's AI calls go.</summary>
public sealed class PerformancePreference
{
    public const int CurrentVersion = 1;

    public int SchemaVersion { get; set; } = CurrentVersion;

    /// <summary>Texts per embedding request; capped by what the default embedding provider accepts.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>Per-request timeout in seconds (1–600).</summary>
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>How long an embedding may be served from cache, in minutes (0 disables caching, at most a week).</summary>
    public int CacheTtlMinutes { get; set; } = 60;

    /// <summary>Concurrent AI requests per tenant (1–64).</summary>
    public int MaxConcurrency { get; set; } = 4;
}
