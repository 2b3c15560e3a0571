namespace Pulse.Core.Search;

/// <summary>
/// The second side of compare mode: the same query against another collection and/or through another integration.
/// A null part means "the same as the first side", so an empty target compares a search with itself (a latency check).
/// </summary>
/// <param name="Collection">The other side's collection, or null for the first side's.</param>
/// <param name="IntegrationId">The other side's embedding integration, or null for the first side's.</param>
public sealed record CompareTarget(string? Collection = null, int? IntegrationId = null)
{
    /// <summary>The other side's request: <paramref name="left"/> with this target's collection and integration.</summary>
    public SearchRequest Apply(SearchRequest left)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left with { Collection = Collection ?? left.Collection, IntegrationId = IntegrationId ?? left.IntegrationId };
    }

    /// <summary>The target that turns <paramref name="left"/> into <paramref name="right"/> (parts equal to the left's stay null).</summary>
    public static CompareTarget Between(SearchRequest left, SearchRequest right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new CompareTarget(
            right.Collection == left.Collection ? null : right.Collection,
            right.IntegrationId == left.IntegrationId ? null : right.IntegrationId);
    }
}
