namespace Pulse.Core.Usage.Alerts;

/// <summary>
/// The anomalous-day rule, a robust z-score: a day's spend is compared with the median of the previous 28 days
/// (days without usage count as zero); the spread is 1.4826 × the median absolute deviation (the standard
/// deviation for normal data, but not moved by the outliers it is looking for), at least 5% of the median and one
/// cent. A day scoring 3.5 or more is anomalous (6 or more: high severity). Needs 14 baseline days with usage.
/// </summary>
public static class DailySpendAnomaly
{
    public const int BaselineDays = 28;

    /// <summary>Complete days evaluated on each run (so a portal that was down still flags the days it missed).</summary>
    public const int LookbackDays = 30;
    public const double Threshold = 3.5;
    public const double HighThreshold = 6;

    /// <summary>How the rule reads in the UI.</summary>
    public const string Explanation =
        "A day is flagged when its spend is 3.5 or more robust standard deviations above the median of the 28 days before it " +
        "(robust standard deviation = 1.4826 × median absolute deviation, so one odd day cannot hide another).";

    /// <summary>The score of <paramref name="spend"/> against <paramref name="baseline"/>; null when the baseline is too thin.</summary>
    public static (double Score, double Median, double Spread)? Score(decimal spend, IReadOnlyList<decimal> baseline)
    {
        if (baseline.Count(b => b > 0) < 14) return null;
        var values = baseline.Select(b => (double)b).ToArray();
        var median = Median(values);
        var mad = Median(values.Select(v => Math.Abs(v - median)).ToArray());
        var spread = Math.Max(Math.Max(1.4826 * mad, 0.05 * median), 0.01);
        return (((double)spend - median) / spread, median, spread);
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
