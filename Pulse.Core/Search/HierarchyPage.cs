namespace Pulse.Core.Search;

/// <summary>A page of seed 003's hierarchy navigation: content under a branch, newest first, with counts by type.</summary>
/// <param name="Scope">The branch (and limb) browsed.</param>
/// <param name="Items">This page's rows, newest first.</param>
/// <param name="CountsByType">Every row under the branch counted by content type, largest first.</param>
/// <param name="Total">Rows under the branch.</param>
/// <param name="Page">0-based page number.</param>
/// <param name="PageSize">Rows per page.</param>
public sealed record HierarchyPage(
    HierarchyScope Scope, IReadOnlyList<HierarchyItem> Items, IReadOnlyList<KeyValuePair<string, int>> CountsByType, int Total, int Page, int PageSize)
{
    public bool HasNext => (Page + 1) * PageSize < Total;
}
