using System.Collections;

namespace Pulse.Core.Collections;

/// <summary>
/// The common values of a payload field with their counts, most common first, and what the counts cover. It is the
/// list of values itself, so callers that only want the values enumerate it.
/// </summary>
/// <param name="Values">The values, most points first, ties by value.</param>
/// <param name="TotalPoints">Points in the collection (those matching the filter, when one was given).</param>
/// <param name="Exact">True when the counts are exact over all <paramref name="TotalPoints"/> points (the store's facet);
/// false when they come from a sample of the first <paramref name="SampledPoints"/> points in id order (a store that cannot
/// facet the field, such as Qdrant without a payload index on it).</param>
/// <param name="SampledPoints">Points read for a sample; equal to <paramref name="TotalPoints"/> when exact.</param>
public sealed record FacetCounts(IReadOnlyList<FacetValue> Values, long TotalPoints, bool Exact, long SampledPoints) : IReadOnlyList<FacetValue>
{
    /// <summary>Exact counts over every point.</summary>
    public static FacetCounts OverAll(IReadOnlyList<FacetValue> values, long totalPoints) => new(values, totalPoints, true, totalPoints);

    /// <summary>Counts within a sample of <paramref name="sampledPoints"/> of <paramref name="totalPoints"/> points.</summary>
    public static FacetCounts FromSample(IReadOnlyList<FacetValue> values, long totalPoints, long sampledPoints) =>
        new(values, totalPoints, sampledPoints >= totalPoints, sampledPoints);

    /// <summary>True when the counts cover only part of the points.</summary>
    public bool IsSample => !Exact;

    public int Count => Values.Count;

    public FacetValue this[int index] => Values[index];

    public IEnumerator<FacetValue> GetEnumerator() => Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
