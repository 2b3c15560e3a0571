namespace Pulse.Core.VectorStore.Filters;

/// <summary>The number of values in the field lies within the bounds: <c>{"key":..,"values_count":{"gt":..}}</c>.</summary>
public sealed record ValuesCountCondition(string Key) : Condition
{
    public int? Gt { get; init; }
    public int? Gte { get; init; }
    public int? Lt { get; init; }
    public int? Lte { get; init; }
}
