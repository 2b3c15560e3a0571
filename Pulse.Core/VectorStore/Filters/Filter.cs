namespace Pulse.Core.VectorStore.Filters;

/// <summary>
/// Qdrant's boolean filter: every <see cref="Must"/> condition, at least one <see cref="Should"/> condition
/// (when any are given) and no <see cref="MustNot"/> condition. A filter is itself a condition, which is how
/// groups nest. The empty filter matches every point.
/// </summary>
public sealed record Filter : Condition
{
    public IReadOnlyList<Condition> Must { get; init; } = [];
    public IReadOnlyList<Condition> Should { get; init; } = [];
    public IReadOnlyList<Condition> MustNot { get; init; } = [];

    public bool MatchesAll => Must.Count == 0 && Should.Count == 0 && MustNot.Count == 0;

    /// <summary>A filter that needs all of <paramref name="conditions"/>.</summary>
    public static Filter All(params IReadOnlyList<Condition> conditions) => new() { Must = conditions };

    /// <summary>A filter that needs at least one of <paramref name="conditions"/>.</summary>
    public static Filter AnyOf(params IReadOnlyList<Condition> conditions) => new() { Should = conditions };

    /// <summary>A filter that needs none of <paramref name="conditions"/>.</summary>
    public static Filter NoneOf(params IReadOnlyList<Condition> conditions) => new() { MustNot = conditions };
}
