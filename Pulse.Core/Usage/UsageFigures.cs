namespace Pulse.Core.Usage;

/// <summary>
/// The figures of a set of usage rows. Every page computes them from here: spend is the sum of recorded cost
/// (failed calls at their recorded cost, as <see cref="ISpendMeter"/> defines it); a request is one usage row;
/// <see cref="FallbackServed"/> counts successful rows served by a fallback integration; latency percentiles
/// include failed calls (a timeout is latency a user waited for).
/// </summary>
public sealed class UsageFigures
{
    public long Requests { get; private set; }
    public long Succeeded { get; private set; }
    public long Failed { get; private set; }
    public long FallbackServed { get; private set; }
    public long InputTokens { get; private set; }
    public long OutputTokens { get; private set; }
    public long TotalTokens { get; private set; }
    public decimal Cost { get; private set; }
    public long LatencyMsSum { get; private set; }

    /// <summary>Requests per latency bucket (<see cref="LatencyHistogram"/>).</summary>
    public long[] LatencyCounts { get; } = new long[LatencyHistogram.Buckets];

    /// <summary>Successful requests served by the first integration of the chain.</summary>
    public long ServedByPrimary => Succeeded - FallbackServed;

    /// <summary>Cost divided by requests; 0 without requests.</summary>
    public decimal AverageCostPerRequest => Requests == 0 ? 0m : Cost / Requests;

    /// <summary>Failed requests as a fraction of all requests.</summary>
    public double FailureRate => Requests == 0 ? 0 : (double)Failed / Requests;

    public double? P50LatencyMs => LatencyHistogram.Percentile(LatencyCounts, 0.50);
    public double? P95LatencyMs => LatencyHistogram.Percentile(LatencyCounts, 0.95);

    /// <summary>Adds counts read from the rollup or the raw rows.</summary>
    public void Add(long requests, long succeeded, long failed, long fallbackServed, long inputTokens, long outputTokens,
        long totalTokens, decimal cost, long latencyMsSum, ReadOnlySpan<long> latencyCounts)
    {
        Requests += requests;
        Succeeded += succeeded;
        Failed += failed;
        FallbackServed += fallbackServed;
        InputTokens += inputTokens;
        OutputTokens += outputTokens;
        TotalTokens += totalTokens;
        Cost += cost;
        LatencyMsSum += latencyMsSum;
        for (var b = 0; b < LatencyCounts.Length; b++) LatencyCounts[b] += latencyCounts[b];
    }

    /// <summary>Adds another set of figures.</summary>
    public void Add(UsageFigures other) =>
        Add(other.Requests, other.Succeeded, other.Failed, other.FallbackServed, other.InputTokens, other.OutputTokens,
            other.TotalTokens, other.Cost, other.LatencyMsSum, other.LatencyCounts);
}
