using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// Reads over a <see cref="PointTable"/>: which slots a filter selects and the exact top-k search.
/// Top-level must conditions that a payload index (or has_id) answers narrow the candidates first;
/// whatever is left of the filter is then checked point by point.
/// </summary>
internal static class PointQueries
{
    /// <summary>Live slots matching the filter (all live slots for null), in no particular order.</summary>
    public static List<int> Matching(PointTable table, Filter? filter)
    {
        var (candidates, residual) = Plan(table, filter);
        var evaluator = residual is null ? null : new FilterEvaluator(table.TextIndexed);
        var result = new List<int>();
        foreach (var slot in Slots(table, candidates))
        {
            if (evaluator is null || evaluator.Matches(residual!, table.IdAt(slot), table.PayloadAt(slot)))
            {
                result.Add(slot);
            }
        }

        return result;
    }

    /// <summary>The best <paramref name="take"/> (slot, score) pairs, best first.</summary>
    public static List<(int Slot, float Score)> Search(PointTable table, ReadOnlySpan<float> query, Filter? filter, int take, float? threshold)
    {
        var (candidates, residual) = Plan(table, filter);
        var evaluator = residual is null ? null : new FilterEvaluator(table.TextIndexed);
        var lowerIsBetter = VectorMath.LowerIsBetter(table.Distance);
        var minRank = threshold is { } t ? (lowerIsBetter ? -t : t) : float.NegativeInfinity;
        var top = new TopK(take, table.IdAt);
        var scratch = table.Distance == Distance.Manhattan ? new float[table.Dimension] : [];
        var distance = table.Distance;

        if (candidates is null && evaluator is null && distance is Distance.Cosine or Distance.Dot)
        {
            ScanByDot(table, query, top, minRank);
        }
        else if (candidates is null && evaluator is null)
        {
            // A straight scan over the contiguous vectors, no per-point filter work.
            for (var slot = 0; slot < table.HighWater; slot++)
            {
                if (table.IsLive(slot))
                {
                    Offer(top, slot, VectorMath.Score(distance, table.VectorAt(slot), query, scratch), lowerIsBetter, minRank);
                }
            }
        }
        else
        {
            foreach (var slot in Slots(table, candidates))
            {
                if (evaluator is null || evaluator.Matches(residual!, table.IdAt(slot), table.PayloadAt(slot)))
                {
                    Offer(top, slot, VectorMath.Score(distance, table.VectorAt(slot), query, scratch), lowerIsBetter, minRank);
                }
            }
        }

        return top.Drain().ConvertAll(e => (e.Slot, lowerIsBetter ? -e.Rank : e.Rank));
    }

    /// <summary>
    /// The hot path (Cosine vectors are normalized on insert, so both are a dot product): chunk by chunk over
    /// contiguous memory, as close to a bare SIMD loop as the live flags and the top-k allow.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScanByDot(PointTable table, ReadOnlySpan<float> query, TopK top, float minRank)
    {
        var dimension = table.Dimension;
        var floor = Math.Max(minRank, top.Threshold);
        for (var chunk = 0; chunk < table.ChunkCount; chunk++)
        {
            var vectors = table.ChunkVectors(chunk);
            var live = table.ChunkLive(chunk);
            var first = chunk * PointTable.ChunkPoints;
            for (var i = 0; i < live.Length; i++)
            {
                if (!live[i])
                {
                    continue;
                }

                var score = TensorPrimitives.Dot(vectors.Slice(i * dimension, dimension), query);
                if (score >= floor)
                {
                    top.Offer(first + i, score);
                    floor = Math.Max(minRank, top.Threshold);
                }
            }
        }
    }

    private static void Offer(TopK top, int slot, float score, bool lowerIsBetter, float minRank)
    {
        var rank = lowerIsBetter ? -score : score;
        if (rank >= minRank && rank >= top.Threshold)
        {
            top.Offer(slot, rank);
        }
    }

    private static IEnumerable<int> Slots(PointTable table, HashSet<int>? candidates)
    {
        if (candidates is not null)
        {
            foreach (var slot in candidates)
            {
                yield return slot;
            }

            yield break;
        }

        for (var slot = 0; slot < table.HighWater; slot++)
        {
            if (table.IsLive(slot))
            {
                yield return slot;
            }
        }
    }

    /// <summary>
    /// Splits a filter into the candidate slots that payload indexes (and has_id) answer, null when none does, and the
    /// rest to check point by point, null when nothing is left. The candidates may be an index's own posting set: use
    /// them only under the reader lock they were planned under.
    /// </summary>
    public static (HashSet<int>? Candidates, Filter? Residual) Plan(PointTable table, Filter? filter)
    {
        if (filter is null || filter.MatchesAll)
        {
            return (null, null);
        }

        HashSet<int>? candidates = null;
        var rest = new List<Condition>();
        foreach (var condition in filter.Must)
        {
            if (TryLookup(table, condition) is { } slots)
            {
                candidates = candidates is null ? slots : Intersect(candidates, slots);
            }
            else
            {
                rest.Add(condition);
            }
        }

        var residual = filter with { Must = rest };
        return (candidates, residual.MatchesAll ? null : residual);
    }

    private static HashSet<int>? TryLookup(PointTable table, Condition condition)
    {
        if (condition is HasIdCondition hasId)
        {
            var slots = new HashSet<int>();
            foreach (var id in hasId.Ids)
            {
                if (table.TryGetSlot(id, out var slot))
                {
                    slots.Add(slot);
                }
            }

            return slots;
        }

        var key = condition switch
        {
            MatchValueCondition c => c.Key,
            MatchAnyCondition c => c.Key,
            _ => null,
        };
        return key is not null && table.Indexes.TryGetValue(key, out var index) && index.TryLookup(condition, out var found)
            ? found
            : null;
    }

    private static HashSet<int> Intersect(HashSet<int> a, HashSet<int> b)
    {
        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var result = new HashSet<int>(small.Count);
        foreach (var slot in small)
        {
            if (large.Contains(slot))
            {
                result.Add(slot);
            }
        }

        return result;
    }
}
