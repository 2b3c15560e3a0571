using Pulse.Core.Usage;

namespace Pulse.Portal.Components.Pages.UsageParts;

/// <summary>Shapes a <see cref="UsageReport"/> into chart series; every series has a point for every period, so stacks line up.</summary>
public static class UsageChartData
{
    /// <summary>Spend per period, one series per key of <paramref name="dimension"/> (the top keys, the rest as "Other").</summary>
    public static IReadOnlyList<ChartSeries> SpendBy(UsageReport report, UsageDimension dimension, int maxSeries = 6)
    {
        var keys = report.Breakdown(dimension).Select(s => s.Label).ToList();
        var shown = keys.Take(keys.Count > maxSeries ? maxSeries - 1 : maxSeries).ToHashSet();
        var series = report.Series(dimension)
            .GroupBy(s => shown.Contains(s.Label) ? s.Label : "Other")
            .ToDictionary(g => g.Key, g => g.GroupBy(s => s.Period!.Value).ToDictionary(p => p.Key, p => (double)p.Sum(s => s.Figures.Cost)));
        var order = keys.Where(shown.Contains).Concat(series.ContainsKey("Other") ? ["Other"] : Array.Empty<string>());
        return order.Select(name => new ChartSeries(name, report.Periods
            .Select(p => new ChartPoint(Label(report, p), series.GetValueOrDefault(name)?.GetValueOrDefault(p) ?? 0)).ToList())).ToList();
    }

    /// <summary>Input and output tokens per period.</summary>
    public static IReadOnlyList<ChartSeries> Tokens(UsageReport report)
    {
        var periods = report.ByPeriod();
        return
        [
            new("Input tokens", periods.Select(p => new ChartPoint(Label(report, p.Period!.Value), p.Figures.InputTokens)).ToList()),
            new("Output tokens", periods.Select(p => new ChartPoint(Label(report, p.Period!.Value), p.Figures.OutputTokens)).ToList()),
        ];
    }

    /// <summary>Requests per period by outcome: served by the primary, served by a fallback, failed.</summary>
    public static IReadOnlyList<ChartSeries> Outcomes(UsageReport report)
    {
        var periods = report.ByPeriod();
        return
        [
            new("Succeeded", periods.Select(p => new ChartPoint(Label(report, p.Period!.Value), p.Figures.ServedByPrimary)).ToList()),
            new("Served by fallback", periods.Select(p => new ChartPoint(Label(report, p.Period!.Value), p.Figures.FallbackServed)).ToList()),
            new("Failed", periods.Select(p => new ChartPoint(Label(report, p.Period!.Value), p.Figures.Failed)).ToList()),
        ];
    }

    /// <summary>Spend per model (for the donut).</summary>
    public static IReadOnlyList<ChartPoint> SpendByModel(UsageReport report) =>
        report.Breakdown(UsageDimension.Model).Where(s => s.Figures.Cost > 0).Select(s => new ChartPoint(s.Label, (double)s.Figures.Cost)).ToList();

    private static string Label(UsageReport report, DateOnly period) => UsageFormat.Period(period, report.Query.Granularity);
}
