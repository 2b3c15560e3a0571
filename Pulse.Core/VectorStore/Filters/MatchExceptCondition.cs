namespace Pulse.Core.VectorStore.Filters;

/// <summary>
/// The field has a value outside <see cref="Values"/>, or is absent: <c>{"key":..,"match":{"except":[..]}}</c>.
/// </summary>
public sealed record MatchExceptCondition(string Key, IReadOnlyList<FilterValue> Values) : Condition;
