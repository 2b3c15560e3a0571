namespace Pulse.Core.Indexing;

/// <summary>One row of a source table: its id and its columns as text (null for SQL NULL).</summary>
public sealed record SourceRow(int Id, IReadOnlyDictionary<string, string?> Fields);
