namespace Pulse.Core.Operations.History;

/// <summary>One point of a figure's history (an average when several samples share a bucket).</summary>
public sealed record HistoryPoint(DateTimeOffset At, double Value);
