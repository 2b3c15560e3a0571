namespace Pulse.Core.Usage.Rollup;

/// <summary>Settings of the usage rollup job (section <c>Pulse:Usage:Rollup</c>).</summary>
public sealed class UsageRollupOptions
{
    public const string Section = "Pulse:Usage:Rollup";

    /// <summary>False stops the background job (tests drive <see cref="UsageRollup"/> directly).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time between runs; the aggregates stay exact in between (pending days are read from raw rows).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time between evaluations of usage alerts (budget thresholds, projected overrun, anomalous days).</summary>
    public TimeSpan AlertInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Pending markers taken per transaction.</summary>
    public int BatchSize { get; set; } = 5_000;
}
