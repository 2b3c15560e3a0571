using System.Text.Json;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// Exact facet counts over a <see cref="PointTable"/>: for each value of a payload key, the number of live points
/// (matching a filter) that carry it, each point counted once per distinct value. A keyword, UUID, integer or bool
/// index on the key answers an unfiltered facet from its postings and restricts the values to its kind (as Qdrant's
/// facet reads only the index); without one the payloads are read and strings, integers and booleans all count.
/// Not thread-safe: the caller holds the table's reader lock around each call.
/// </summary>
internal sealed class FacetCounter(string key)
{
    private readonly HashSet<FilterValue> _seen = [];

    /// <summary>The counts so far, by value.</summary>
    public Dictionary<FilterValue, long> Counts { get; } = [];

    /// <summary>
    /// Counts in one pass what an index narrows: the key's postings when there is no filter, or the candidates a
    /// filter's indexed conditions select. False (nothing counted) when the whole table has to be scanned instead.
    /// </summary>
    public bool TryCountNarrowed(PointTable table, Filter? filter)
    {
        var index = IndexOf(table);
        if (filter is null || filter.MatchesAll)
        {
            if (index is null)
            {
                return false;
            }

            index.CountInto(Counts);
            return true;
        }

        var (candidates, residual) = PointQueries.Plan(table, filter);
        if (candidates is null)
        {
            return false;
        }

        var evaluator = residual is null ? null : new FilterEvaluator(table.TextIndexed);
        foreach (var slot in candidates)
        {
            if (evaluator is null || evaluator.Matches(residual!, table.IdAt(slot), table.PayloadAt(slot)))
            {
                CountPoint(table.PayloadAt(slot), index?.PostingKind);
            }
        }

        return true;
    }

    /// <summary>
    /// Counts the live points of chunk <paramref name="chunk"/> (slots <c>chunk * ChunkPoints</c> on) that match
    /// <paramref name="filter"/>; false when the table has no such chunk (the scan is over).
    /// </summary>
    public bool CountChunk(PointTable table, int chunk, Filter? filter)
    {
        if (chunk >= table.ChunkCount)
        {
            return false;
        }

        var residual = filter is null || filter.MatchesAll ? null : filter;
        var evaluator = residual is null ? null : new FilterEvaluator(table.TextIndexed);
        var only = IndexOf(table)?.PostingKind;
        var live = table.ChunkLive(chunk);
        var first = chunk * PointTable.ChunkPoints;
        for (var i = 0; i < live.Length; i++)
        {
            var slot = first + i;
            if (live[i] && (evaluator is null || evaluator.Matches(residual!, table.IdAt(slot), table.PayloadAt(slot))))
            {
                CountPoint(table.PayloadAt(slot), only);
            }
        }

        return true;
    }

    /// <summary>The <paramref name="limit"/> values carried by most points, ties by value.</summary>
    public List<FacetHit> Top(int limit)
    {
        var hits = Counts.Select(c => new FacetHit(c.Key, c.Value)).ToList();
        hits.Sort(FacetHit.Compare);
        return hits.Count > limit ? hits.GetRange(0, limit) : hits;
    }

    private PayloadIndex? IndexOf(PointTable table) =>
        table.Indexes.TryGetValue(key, out var index) && index.PostingKind is not null ? index : null;

    private void CountPoint(JsonElement payload, FilterValueKind? only)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        _seen.Clear();
        foreach (var element in PayloadPath.Flat(payload, key))
        {
            if (ToValue(element) is { } value && (only is null || value.Kind == only) && _seen.Add(value))
            {
                Counts[value] = Counts.GetValueOrDefault(value) + 1;
            }
        }
    }

    private static FilterValue? ToValue(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => (FilterValue?)FilterValue.Keyword(element.GetString()!),
        JsonValueKind.Number when element.TryGetInt64(out var n) => FilterValue.Int(n),
        JsonValueKind.True => FilterValue.Bool(true),
        JsonValueKind.False => FilterValue.Bool(false),
        _ => null,
    };
}
