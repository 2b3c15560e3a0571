namespace Pulse.Core.Indexing;

/// <summary>What the bookkeeping holds for a record: the hash its points were made from and how many chunks it had.</summary>
internal readonly record struct ExistingRecord(string Hash, int Chunks);
