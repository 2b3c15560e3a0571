namespace Pulse.Core.VectorStore.Filters;

/// <summary>
/// Some element of the array of objects at <see cref="Key"/> satisfies the whole <see cref="Filter"/> on its own:
/// <c>{"nested":{"key":..,"filter":{..}}}</c>. Keys inside the filter are relative to the element.
/// </summary>
public sealed record NestedCondition(string Key, Filter Filter) : Condition;
