namespace Pulse.Portal.Components.Pages.UsageParts;

/// <summary>One value of a chart series at a category (a period label, a model name, a day of the month).</summary>
public sealed record ChartPoint(string Category, double Value);
