using System.Globalization;

namespace Pulse.Core.Search;

/// <summary>
/// Seed 003's grouping and diversity figures for the hits of a search: counts by content type, by hierarchy table and
/// by the two together, and how many distinct branches and limbs are represented. <see cref="Scope"/> and
/// <see cref="Covered"/> say which hits they describe (a page, every match, or the top <see cref="Cap"/> matches).
/// </summary>
public sealed record SearchFacets(
    IReadOnlyList<KeyValuePair<string, int>> ByContentType,
    IReadOnlyList<KeyValuePair<string, int>> ByHierarchyTable,
    int DistinctBranches,
    int DistinctLimbs)
{
    /// <summary>Most matches the figures over a whole result count (the best ones by the same query and filter).</summary>
    public const int Cap = 1_000;

    /// <summary>Hits per (hierarchy table, content type): seed 003's cross-subject grouping; by table, then largest first.</summary>
    public IReadOnlyList<FacetGroup> ByTableAndType { get; init; } = [];

    /// <summary>Which hits the figures describe.</summary>
    public FacetScope Scope { get; init; } = FacetScope.Page;

    /// <summary>How many hits the figures count.</summary>
    public int Covered { get; init; }

    /// <summary>What the figures cover, as the page says it: "of all 37 matches", "of the top 1,000 matches", "of the 10 hits on this page".</summary>
    public string Coverage => Scope switch
    {
        FacetScope.AllMatches => Covered == 1 ? "of the only match" : string.Create(CultureInfo.InvariantCulture, $"of all {Covered:N0} matches"),
        FacetScope.TopMatches => string.Create(CultureInfo.InvariantCulture, $"of the top {Covered:N0} matches"),
        _ => string.Create(CultureInfo.InvariantCulture, $"of the {Covered:N0} {(Covered == 1 ? "hit" : "hits")} on this page"),
    };

    /// <summary>The figures for <paramref name="hits"/> (one page unless <paramref name="scope"/> says otherwise); groups largest first.</summary>
    public static SearchFacets From(IReadOnlyList<SearchHit> hits, FacetScope scope = FacetScope.Page)
    {
        ArgumentNullException.ThrowIfNull(hits);
        return From([.. hits.Select(h => new FacetSubject(TypeOf(h.ContentType, h.SourceTable), TableOf(h.HierarchyTable, h.SourceTable), h.Branch, h.Limb))], scope);
    }

    internal static SearchFacets From(IReadOnlyList<FacetSubject> subjects, FacetScope scope) => new(
        Group(subjects.Select(s => s.Type)),
        Group(subjects.Select(s => s.Table)),
        subjects.Where(s => s.Branch is not null).Select(s => $"{s.Table}|{s.Branch}").Distinct().Count(),
        subjects.Where(s => s.Limb is not null).Select(s => $"{s.Table}|{s.Branch}|{s.Limb}").Distinct().Count())
    {
        ByTableAndType =
        [
            .. subjects.GroupBy(s => (s.Table, s.Type))
                .Select(g => new FacetGroup(g.Key.Table, g.Key.Type, g.Count(),
                    g.Where(s => s.Branch is not null).Select(s => s.Branch).Distinct().Count(),
                    g.Where(s => s.Limb is not null).Select(s => $"{s.Branch}|{s.Limb}").Distinct().Count()))
                .OrderBy(g => g.Table, StringComparer.Ordinal).ThenByDescending(g => g.Count).ThenBy(g => g.ContentType, StringComparer.Ordinal),
        ],
        Scope = scope,
        Covered = subjects.Count,
    };

    internal static string TypeOf(string? contentType, string? sourceTable) => contentType ?? sourceTable ?? "unknown";

    internal static string TableOf(string? hierarchyTable, string? sourceTable) => hierarchyTable ?? sourceTable ?? "unknown";

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

/// <summary>What one hit contributes to the figures: its content type and table (already defaulted), branch and limb.</summary>
internal readonly record struct FacetSubject(string Type, string Table, string? Branch, string? Limb);
