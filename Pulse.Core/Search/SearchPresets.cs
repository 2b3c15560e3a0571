using Pulse.Core.Data.Configurations;

namespace Pulse.Core.Search;

/// <summary>
/// Seed 003's three hybrid queries, over a collection with seed 003's payload (<c>content_id</c>, <c>hierarchy_table</c>,
/// <c>leaf_id</c>, <c>content_type</c>, ...) or one the indexing pipeline built (content, work items, pull requests: the
/// restrictions are then resolved to record ids in PostgreSQL).
/// </summary>
public static class SearchPresets
{
    /// <summary>Hierarchy navigation: content under Christianity / Protestant-Baptist (PostgreSQL resolves the branch to leaves).</summary>
    public static readonly SearchPreset HierarchyNavigation = new(
        "hierarchy", "Hierarchy navigation: Christianity / Protestant-Baptist",
        "Everything filed under one branch and limb, resolved to leaf ids in PostgreSQL and applied as a payload filter; counts by content type.",
        new SearchRequest
        {
            Query = "Baptist doctrine and practice",
            Limit = 20,
            Scope = new HierarchyScope(HierarchyTables.Religion, "Christianity", "Protestant-Baptist"),
        });

    /// <summary>Semantic search + metadata filtering: "baptism salvation doctrine", content type Doctrine, created in the last 90 days, top 10.</summary>
    public static readonly SearchPreset SemanticWithMetadata = new(
        "semantic-filtered", "Semantic search + metadata filter: Doctrine, last 90 days",
        "Content similar to \"baptism salvation doctrine\", only content_type = Doctrine created in the last 90 days, top 10 with scores and the branch/limb/leaf of each hit.",
        new SearchRequest
        {
            Query = "baptism salvation doctrine",
            Limit = 10,
            CreatedWithinDays = 90,
            ContentType = "Doctrine",
        });

    /// <summary>Cross-subject discovery: similar content across every hierarchy table, grouped, with diversity figures.</summary>
    public static readonly SearchPreset CrossSubject = new(
        "cross-subject", "Cross-subject discovery",
        "Similar content across all hierarchy tables, grouped by table and content type with the number of distinct branches and limbs; page through with Next.",
        new SearchRequest { Query = "theory of truth, faith and interpretation", Limit = 5 });

    public static readonly IReadOnlyList<SearchPreset> All = [HierarchyNavigation, SemanticWithMetadata, CrossSubject];

    /// <summary>The preset with <paramref name="key"/>, or null.</summary>
    public static SearchPreset? Find(string? key) => All.FirstOrDefault(p => p.Key == key);
}
