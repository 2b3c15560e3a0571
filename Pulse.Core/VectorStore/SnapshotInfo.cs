namespace Pulse.Core.VectorStore;

/// <summary>A snapshot of one collection.</summary>
/// <param name="Name">File name, used to restore or delete it.</param>
/// <param name="CreatedAt">When it was taken (UTC), when known.</param>
/// <param name="SizeBytes">Size of the snapshot file.</param>
/// <param name="Checksum">SHA-256 of the file as lowercase hex, when known.</param>
public sealed record SnapshotInfo(string Name, DateTimeOffset? CreatedAt, long SizeBytes, string? Checksum);
