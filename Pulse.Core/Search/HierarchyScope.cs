namespace Pulse.Core.Search;

/// <summary>
/// "Everything under this branch" (seed 003's hierarchy navigation, e.g. religion_hierarchy Christianity /
/// Protestant-Baptist). PostgreSQL resolves it to leaf ids, which become a payload filter on <c>leaf_id</c>.
/// </summary>
/// <param name="Table">The hierarchy table, e.g. <c>religion_hierarchy</c>.</param>
/// <param name="Branch">The branch, e.g. Christianity.</param>
/// <param name="Limb">The limb within it, or null for the whole branch.</param>
public sealed record HierarchyScope(string Table, string Branch, string? Limb = null)
{
    /// <summary>The scope as people read it: Branch / Limb.</summary>
    public override string ToString() => Limb is null ? Branch : $"{Branch} / {Limb}";
}
