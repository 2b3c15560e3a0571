using System.Text.Json;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// Posting lists (value -> slots) for one declared payload field. Keyword, UUID, integer and bool indexes
/// answer match value/any directly; the other kinds are declared only and change how text match works.
/// </summary>
internal sealed class PayloadIndex
{
    private static readonly HashSet<int> None = [];
    private readonly Dictionary<FilterValue, HashSet<int>> _postings = [];

    public PayloadIndex(string field, PayloadFieldType type)
    {
        Field = field;
        Type = type;
    }

    public string Field { get; }
    public PayloadFieldType Type { get; }

    /// <summary>The kind of value this index keeps postings for; null for declared-only kinds (text, float, geo, ...).</summary>
    public FilterValueKind? PostingKind => Type switch
    {
        PayloadFieldType.Keyword or PayloadFieldType.Uuid => FilterValueKind.Keyword,
        PayloadFieldType.Integer => FilterValueKind.Integer,
        PayloadFieldType.Bool => FilterValueKind.Bool,
        _ => null,
    };

    public void Add(int slot, JsonElement payload)
    {
        foreach (var value in Values(payload))
        {
            if (!_postings.TryGetValue(value, out var slots))
            {
                _postings[value] = slots = [];
            }

            slots.Add(slot);
        }
    }

    public void Remove(int slot, JsonElement payload)
    {
        foreach (var value in Values(payload))
        {
            if (_postings.TryGetValue(value, out var slots) && slots.Remove(slot) && slots.Count == 0)
            {
                _postings.Remove(value);
            }
        }
    }

    /// <summary>Adds, for every value this index holds, how many points carry it (a posting holds a point once).</summary>
    public void CountInto(Dictionary<FilterValue, long> counts)
    {
        foreach (var (value, slots) in _postings)
        {
            counts[value] = counts.GetValueOrDefault(value) + slots.Count;
        }
    }

    /// <summary>The slots matching a match-value or match-any condition, when this index can answer it exactly.</summary>
    public bool TryLookup(Condition condition, out HashSet<int> slots)
    {
        slots = None;
        switch (condition)
        {
            case MatchValueCondition c when c.Value.Kind == PostingKind:
                slots = _postings.GetValueOrDefault(c.Value) ?? None;
                return true;
            case MatchAnyCondition c when c.Values.Count > 0 && c.Values.All(v => v.Kind == PostingKind):
                slots = [];
                foreach (var value in c.Values)
                {
                    if (_postings.TryGetValue(value, out var some))
                    {
                        slots.UnionWith(some);
                    }
                }

                return true;
            default:
                return false;
        }
    }

    private IEnumerable<FilterValue> Values(JsonElement payload)
    {
        if (PostingKind is not { } kind || payload.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var element in PayloadPath.Flat(payload, Field))
        {
            if (ToValue(element, kind) is { } value)
            {
                yield return value;
            }
        }
    }

    private static FilterValue? ToValue(JsonElement element, FilterValueKind kind)
    {
        if (kind == FilterValueKind.Keyword && element.ValueKind == JsonValueKind.String)
        {
            return FilterValue.Keyword(element.GetString()!);
        }

        if (kind == FilterValueKind.Integer && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var n))
        {
            return FilterValue.Int(n);
        }

        return kind == FilterValueKind.Bool && element.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? FilterValue.Bool(element.GetBoolean())
            : (FilterValue?)null;
    }
}
