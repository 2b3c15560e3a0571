namespace Pulse.Core.VectorStore.Filters;

/// <summary>The point's id is one of <see cref="Ids"/>: <c>{"has_id":[..]}</c>.</summary>
public sealed record HasIdCondition(IReadOnlyList<PointId> Ids) : Condition;
