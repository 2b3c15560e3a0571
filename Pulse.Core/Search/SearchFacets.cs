namespace Pulse.Core.Search;

/// <summary>
/// Seed 003's grouping and diversity figures for a page of hits: counts by content type and by hierarchy
/// table, and how many distinct branches and limbs are represented.
/// </summary>
public sealed record SearchFacets(
    IReadOnlyList<KeyValuePair<string, int>> ByContentType,
    IReadOnlyList<KeyValuePair<string, int>> ByHierarchyTable,
    int DistinctBranches,
    int DistinctLimbs)
{
    /// <summary>The figures for <paramref name="hits"/>; groups largest first.</summary>
    public static SearchFacets From(IReadOnlyList<SearchHit> hits) => new(
        Group(hits.Select(h => h.ContentType ?? h.SourceTable ?? "unknown")),
        Group(hits.Select(h => h.HierarchyTable ?? h.SourceTable ?? "unknown")),
        hits.Where(h => h.Branch is not null).Select(h => $"{h.HierarchyTable}|{h.Branch}").Distinct().Count(),
        hits.Where(h => h.Limb is not null).Select(h => $"{h.HierarchyTable}|{h.Branch}|{h.Limb}").Distinct().Count());

    private static KeyValuePair<string, int>[] Group(IEnumerable<string> keys) =>
        [.. keys.GroupBy(k => k, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)];
}
