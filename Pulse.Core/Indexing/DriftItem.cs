namespace Pulse.Core.Indexing;

/// <summary>One drifted point: where it is, which record it belongs to (when recorded) and what is wrong.</summary>
public sealed record DriftItem(DriftKind Kind, string Collection, Guid PointId, string? Table, int? RecordId, string Detail);
