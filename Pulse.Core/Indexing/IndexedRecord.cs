namespace Pulse.Core.Indexing;

/// <summary>A record whose points were written: its content hash and one point id per chunk (none when its text is now empty).</summary>
internal sealed record IndexedRecord(int RecordId, string Hash, IReadOnlyList<Guid> PointIds);
