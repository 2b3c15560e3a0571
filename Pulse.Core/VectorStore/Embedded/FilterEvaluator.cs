using System.Text.Json;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>Evaluates a filter against one point's id and payload with Qdrant's semantics.</summary>
internal sealed class FilterEvaluator
{
    private readonly IReadOnlySet<string> _textIndexed;

    /// <param name="textIndexed">Fields with a text index; text match on them is by words, elsewhere by substring.</param>
    public FilterEvaluator(IReadOnlySet<string> textIndexed)
    {
        _textIndexed = textIndexed;
    }

    public bool Matches(Filter filter, PointId id, JsonElement payload) => Matches(filter, id, payload, nested: false);

    private bool Matches(Filter filter, PointId id, JsonElement payload, bool nested)
    {
        foreach (var condition in filter.Must)
        {
            if (!Check(condition, id, payload, nested))
            {
                return false;
            }
        }

        foreach (var condition in filter.MustNot)
        {
            if (Check(condition, id, payload, nested))
            {
                return false;
            }
        }

        if (filter.Should.Count == 0)
        {
            return true;
        }

        foreach (var condition in filter.Should)
        {
            if (Check(condition, id, payload, nested))
            {
                return true;
            }
        }

        return false;
    }

    private bool Check(Condition condition, PointId id, JsonElement payload, bool nested) => condition switch
    {
        Filter f => Matches(f, id, payload, nested),
        MatchValueCondition c => PayloadPath.Flat(payload, c.Key).Exists(v => Equal(v, c.Value)),
        MatchAnyCondition c => PayloadPath.Flat(payload, c.Key).Exists(v => c.Values.Any(x => Equal(v, x))),
        MatchExceptCondition c => MatchesExcept(PayloadPath.Flat(payload, c.Key), c.Values),
        MatchTextCondition c => MatchesText(payload, c, nested),
        RangeCondition c => PayloadPath.Flat(payload, c.Key).Exists(v => InRange(v, c)),
        ValuesCountCondition c => CountInRange(PayloadPath.Flat(payload, c.Key).Count, c),
        IsEmptyCondition c => PayloadPath.Raw(payload, c.Key).TrueForAll(IsEmptyValue),
        IsNullCondition c => PayloadPath.Raw(payload, c.Key).Exists(v => v.ValueKind == JsonValueKind.Null),
        HasIdCondition c => c.Ids.Contains(id),
        NestedCondition c => PayloadPath.Flat(payload, c.Key)
            .Exists(e => e.ValueKind == JsonValueKind.Object && Matches(c.Filter, id, e, nested: true)),
        _ => throw new VectorStoreException(VectorStoreErrorKind.Validation, $"Unsupported filter condition {condition.GetType().Name}."),
    };

    public static bool Equal(JsonElement value, FilterValue expected) => expected.Kind switch
    {
        FilterValueKind.Keyword => value.ValueKind == JsonValueKind.String && value.ValueEquals(expected.Text),
        FilterValueKind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n == expected.Integer,
        _ => value.ValueKind == (expected.Boolean ? JsonValueKind.True : JsonValueKind.False),
    };

    private static bool MatchesExcept(List<JsonElement> values, IReadOnlyList<FilterValue> excluded)
    {
        // Qdrant treats a missing field as "has no excluded value", so except matches it.
        var present = values.FindAll(v => v.ValueKind != JsonValueKind.Null);
        return present.Count == 0 || present.Exists(v => !excluded.Any(x => Equal(v, x)));
    }

    private bool MatchesText(JsonElement payload, MatchTextCondition condition, bool nested)
    {
        var byWords = !nested && _textIndexed.Contains(condition.Key);
        var queryTokens = byWords ? TextTokenizer.Tokenize(condition.Text) : null;
        foreach (var value in PayloadPath.Flat(payload, condition.Key))
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var text = value.GetString()!;
            if (queryTokens is null ? text.Contains(condition.Text, StringComparison.Ordinal) : TextTokenizer.Tokenize(text).IsSupersetOf(queryTokens))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InRange(JsonElement value, RangeCondition range)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var x))
        {
            return false;
        }

        return (range.Gt is not { } gt || x > gt) && (range.Gte is not { } gte || x >= gte)
            && (range.Lt is not { } lt || x < lt) && (range.Lte is not { } lte || x <= lte);
    }

    private static bool CountInRange(int count, ValuesCountCondition range) =>
        (range.Gt is not { } gt || count > gt) && (range.Gte is not { } gte || count >= gte)
        && (range.Lt is not { } lt || count < lt) && (range.Lte is not { } lte || count <= lte);

    private static bool IsEmptyValue(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0);
}
