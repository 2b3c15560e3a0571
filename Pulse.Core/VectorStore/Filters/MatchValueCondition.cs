namespace Pulse.Core.VectorStore.Filters;

/// <summary>The field (or any element of it, for arrays) equals <see cref="Value"/>: <c>{"key":..,"match":{"value":..}}</c>.</summary>
public sealed record MatchValueCondition(string Key, FilterValue Value) : Condition;
