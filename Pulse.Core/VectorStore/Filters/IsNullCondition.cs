namespace Pulse.Core.VectorStore.Filters;

/// <summary>The field exists and is null: <c>{"is_null":{"key":..}}</c>.</summary>
public sealed record IsNullCondition(string Key) : Condition;
