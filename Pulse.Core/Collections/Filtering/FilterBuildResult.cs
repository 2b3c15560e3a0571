using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Collections.Filtering;

/// <summary>
/// The outcome of building or parsing a filter: the filter (null when it is empty or invalid), the problems that
/// stop it, and warnings that do not (a field that no sampled point has).
/// </summary>
public sealed record FilterBuildResult(Filter? Filter, IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>The filter as Qdrant JSON, or "{}" when there is none.</summary>
    public string Json => Filter is null ? "{}" : FilterJson.ToJsonString(Filter);
}
