namespace Pulse.Core.Usage;

/// <summary>Figures of one key of a dimension (and one period, for a series).</summary>
public sealed record UsageSlice(DateOnly? Period, string Key, string Label, UsageFigures Figures);
