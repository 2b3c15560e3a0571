namespace Pulse.Core.VectorStore;

/// <summary>A page of a scroll and the cursor for the next one (null when there is none).</summary>
public sealed record ScrollPage(IReadOnlyList<PointRecord> Points, PointId? NextOffset);
