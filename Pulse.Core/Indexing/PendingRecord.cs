namespace Pulse.Core.Indexing;

/// <summary>A changed record waiting to be embedded: its new hash and chunks, and how many chunks it had before.</summary>
internal sealed record PendingRecord(int RecordId, string Hash, IReadOnlyList<string> Chunks, int PreviousChunks);
