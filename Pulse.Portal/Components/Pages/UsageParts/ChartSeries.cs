namespace Pulse.Portal.Components.Pages.UsageParts;

/// <summary>A named series of points (one stack of a stacked chart, one line).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);
