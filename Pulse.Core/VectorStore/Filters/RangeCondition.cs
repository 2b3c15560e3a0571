namespace Pulse.Core.VectorStore.Filters;

/// <summary>A numeric field lies within the bounds that are set: <c>{"key":..,"range":{"gte":..}}</c>.</summary>
public sealed record RangeCondition(string Key) : Condition
{
    public double? Gt { get; init; }
    public double? Gte { get; init; }
    public double? Lt { get; init; }
    public double? Lte { get; init; }
}
