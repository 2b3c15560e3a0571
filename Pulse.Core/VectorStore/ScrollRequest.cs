using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore;

/// <summary>One page of points in id order, starting at <see cref="Offset"/> (inclusive).</summary>
public sealed record ScrollRequest
{
    public int Limit { get; init; } = 10;

    /// <summary>The <see cref="ScrollPage.NextOffset"/> of the previous page; null for the first page.</summary>
    public PointId? Offset { get; init; }

    public Filter? Filter { get; init; }
    public bool WithPayload { get; init; } = true;
    public bool WithVector { get; init; }
}
