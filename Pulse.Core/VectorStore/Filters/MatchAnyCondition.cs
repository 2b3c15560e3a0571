namespace Pulse.Core.VectorStore.Filters;

/// <summary>The field equals one of <see cref="Values"/>: <c>{"key":..,"match":{"any":[..]}}</c>.</summary>
public sealed record MatchAnyCondition(string Key, IReadOnlyList<FilterValue> Values) : Condition;
