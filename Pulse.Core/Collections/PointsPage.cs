using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections;

/// <summary>One page of the points browser.</summary>
/// <param name="Points">The page's points with payloads (no vectors).</param>
/// <param name="NextOffset">The cursor of the next page, or null on the last page.</param>
/// <param name="MatchingCount">How many points match the filter in the whole collection.</param>
public sealed record PointsPage(IReadOnlyList<PointRecord> Points, PointId? NextOffset, long MatchingCount);
