namespace Pulse.Core.Search;

/// <summary>
/// Seed 003's grouping and diversity figures for a page of hits: counts by content type, by hierarchy table and by
/// the two together, and how many distinct branches and limbs are represented.
/// </summary>
public sealed record SearchFacets(
    IReadOnlyList<KeyValuePair<string, int>> ByContentType,
    IReadOnlyList<KeyValuePair<string, int>> ByHierarchyTable,
    int DistinctBranches,
    int DistinctLimbs)
{
    /// <summary>Hits per (hierarchy table, content type): seed 003's cross-subject grouping; by table, then largest first.</summary>
    public IReadOnlyList<FacetGroup> ByTableAndType { get; init; } = [];

    /// <summary>The figures for <paramref name="hits"/>; groups largest first.</summary>
    public static SearchFacets From(IReadOnlyList<SearchHit> hits) => new(
        Group(hits.Select(TypeOf)),
        Group(hits.Select(TableOf)),
        hits.Where(h => h.Branch is not null).Select(h => $"{h.HierarchyTable}|{h.Branch}").Distinct().Count(),
        hits.Where(h => h.Limb is not null).Select(h => $"{h.HierarchyTable}|{h.Branch}|{h.Limb}").Distinct().Count())
    {
        ByTableAndType =
        [
            .. hits.GroupBy(h => (Table: TableOf(h), Type: TypeOf(h)))
                .Select(g => new FacetGroup(g.Key.Table, g.Key.Type, g.Count(),
                    g.Where(h => h.Branch is not null).Select(h => h.Branch).Distinct().Count(),
                    g.Where(h => h.Limb is not null).Select(h => $"{h.Branch}|{h.Limb}").Distinct().Count()))
                .OrderBy(g => g.Table, StringComparer.Ordinal).ThenByDescending(g => g.Count).ThenBy(g => g.ContentType, StringComparer.Ordinal),
        ],
    };

    private static string TypeOf(SearchHit hit) => hit.ContentType ?? hit.SourceTable ?? "unknown";

    private static string TableOf(SearchHit hit) => hit.HierarchyTable ?? hit.SourceTable ?? "unknown";

    private static KeyValuePair<string, int>[] Group(IEnumerable<string> keys) =>
        [.. keys.GroupBy(k => k, StringComparer.Ordinal).Select(g => KeyValuePair.Create(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)];
}

/// <summary>Hits of one hierarchy table (or source table) and content type, with the branches and limbs they come from.</summary>
/// <param name="Table">The hierarchy table, or the source table of a hit outside the hierarchy (work items, pull requests).</param>
/// <param name="ContentType">The content type (a work item's item type).</param>
/// <param name="Count">Hits in the group.</param>
/// <param name="Branches">Distinct branches among them.</param>
/// <param name="Limbs">Distinct limbs among them.</param>
public sealed record FacetGroup(string Table, string ContentType, int Count, int Branches, int Limbs);
