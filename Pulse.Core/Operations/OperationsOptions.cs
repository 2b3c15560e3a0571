namespace Pulse.Core.Operations;

/// <summary>Health sampling, API and metrics settings; bound from <c>Pulse:Operations</c>.</summary>
public sealed class OperationsOptions
{
    public const string SectionName = "Pulse:Operations";

    /// <summary>How often the history sampler probes everything and stores the figures.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long samples are kept (at least a day, so the page can graph the last day).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(26);

    /// <summary>Time limit of one probe.</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Replica lag above which the replica row turns yellow.</summary>
    public TimeSpan ReplicaLagWarning { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Run the background sampler (tests switch it off and sample by hand).</summary>
    public bool SamplerEnabled { get; set; } = true;

    /// <summary>API requests allowed per key per minute.</summary>
    public int ApiRequestsPerMinute { get; set; } = 120;

    /// <summary>
    /// Bearer token a Prometheus scraper must send to <c>/metrics</c>. Empty: <c>/metrics</c> answers only requests
    /// from loopback addresses (a sidecar or a local scraper), everyone else gets 403.
    /// </summary>
    public string? MetricsScrapeToken { get; set; }
}
