namespace Pulse.Core.VectorStore.Filters;

/// <summary>The field is absent, null or an empty array: <c>{"is_empty":{"key":..}}</c>.</summary>
public sealed record IsEmptyCondition(string Key) : Condition;
