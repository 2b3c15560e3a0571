namespace Pulse.Core.Search;

/// <summary>What a share link (or a history entry) restores: the request, compare mode's second side when it was a comparison, and notes on values it had to ignore.</summary>
/// <param name="Request">The search, or the first side of a comparison.</param>
/// <param name="Compare">The second side; null for a plain search.</param>
/// <param name="Notes">Why parts of the link were ignored (shown to the person, never thrown).</param>
public sealed record SharedSearch(SearchRequest Request, CompareTarget? Compare, IReadOnlyList<string> Notes)
{
    /// <summary>True when the link restores compare mode.</summary>
    public bool IsComparison => Compare is not null;
}
