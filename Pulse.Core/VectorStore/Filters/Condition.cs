namespace Pulse.Core.VectorStore.Filters;

/// <summary>
/// One filter condition, shaped after Qdrant's <c>Condition</c>. Keys are payload paths such as
/// <c>author.name</c> or <c>tags[]</c>. The static methods are the short way to build them.
/// </summary>
public abstract record Condition
{
    public static MatchValueCondition Match(string key, FilterValue value) => new(key, value);

    public static MatchAnyCondition MatchAny(string key, params IReadOnlyList<FilterValue> values) => new(key, values);

    public static MatchExceptCondition MatchExcept(string key, params IReadOnlyList<FilterValue> values) => new(key, values);

    public static MatchTextCondition MatchText(string key, string text) => new(key, text);

    public static RangeCondition Range(string key, double? gt = null, double? gte = null, double? lt = null, double? lte = null) =>
        new(key) { Gt = gt, Gte = gte, Lt = lt, Lte = lte };

    public static ValuesCountCondition ValuesCount(string key, int? gt = null, int? gte = null, int? lt = null, int? lte = null) =>
        new(key) { Gt = gt, Gte = gte, Lt = lt, Lte = lte };

    public static IsEmptyCondition IsEmpty(string key) => new(key);

    public static IsNullCondition IsNull(string key) => new(key);

    public static HasIdCondition HasId(params IReadOnlyList<PointId> ids) => new(ids);

    public static NestedCondition Nested(string key, Filter filter) => new(key, filter);
}
