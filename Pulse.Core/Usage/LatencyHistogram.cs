namespace Pulse.Core.Usage;

/// <summary>
/// Latency percentiles come from a fixed histogram kept in the daily rollup (columns latency_b00..latency_b15),
/// because exact percentiles cannot be merged across days. A percentile is interpolated linearly inside its
/// bucket, so it is exact to within that bucket's width (e.g. between 300 and 500 ms); above 10 s the
/// histogram only knows "10 s or more".
/// </summary>
public static class LatencyHistogram
{
    /// <summary>Exclusive upper bounds in milliseconds of buckets 0..14; bucket 15 holds 10,000 ms and more.</summary>
    public static readonly int[] UpperBoundsMs = [25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000];

    /// <summary>Number of buckets.</summary>
    public const int Buckets = 16;

    /// <summary>The rollup column of a bucket.</summary>
    public static string Column(int bucket) => $"latency_b{bucket:D2}";

    /// <summary>The bucket of a latency, as the SQL expression <c>width_bucket</c> computes it.</summary>
    public static int BucketOf(int latencyMs)
    {
        var bucket = 0;
        while (bucket < UpperBoundsMs.Length && latencyMs >= UpperBoundsMs[bucket]) bucket++;
        return bucket;
    }

    /// <summary>The <paramref name="quantile"/> (0..1) of the counts, in ms; null when there are none.</summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        var total = counts.Sum();
        if (total == 0) return null;
        var rank = quantile * total;
        long seen = 0;
        for (var b = 0; b < counts.Count; b++)
        {
            if (counts[b] == 0) continue;
            if (seen + counts[b] >= rank)
            {
                var lower = b == 0 ? 0 : UpperBoundsMs[b - 1];
                if (b >= UpperBoundsMs.Length) return lower;
                var fraction = Math.Clamp((rank - seen) / counts[b], 0, 1);
                return lower + (fraction * (UpperBoundsMs[b] - lower));
            }
            seen += counts[b];
        }
        return UpperBoundsMs[^1];
    }
}
