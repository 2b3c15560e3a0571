namespace Pulse.Core.Indexing;

/// <summary>What one batch settled: every row up to <see cref="CursorId"/> is indexed, unchanged or parked.</summary>
internal sealed record BatchResult(
    int CursorId, int Processed, int Unchanged, IReadOnlyList<IndexedRecord> Indexed, IReadOnlyList<ParkedRecord> Parked, int Retries)
{
    public int PointsWritten => Indexed.Sum(r => r.PointIds.Count);
}
