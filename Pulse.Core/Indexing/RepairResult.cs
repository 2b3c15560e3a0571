namespace Pulse.Core.Indexing;

/// <summary>What a repair did: orphan points deleted, records marked for re-embedding, and the jobs queued to do it.</summary>
public sealed record RepairResult(int OrphansDeleted, int RecordsMarkedForReindex, IReadOnlyList<string> TablesQueued, IReadOnlyList<string> TablesBusy);
