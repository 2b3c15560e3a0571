using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore;

/// <summary>Which points an update or delete applies to: a list of ids or every point matching a filter.</summary>
public sealed class PointSelector
{
    private PointSelector(IReadOnlyList<PointId>? ids, Filter? filter)
    {
        PointIds = ids;
        Filter = filter;
    }

    /// <summary>The ids, when selecting by id.</summary>
    public IReadOnlyList<PointId>? PointIds { get; }

    /// <summary>The filter, when selecting by filter.</summary>
    public Filter? Filter { get; }

    public static PointSelector Ids(params IReadOnlyList<PointId> ids) => new(ids, null);

    public static PointSelector Where(Filter filter) => new(null, filter ?? throw new ArgumentNullException(nameof(filter)));
}
