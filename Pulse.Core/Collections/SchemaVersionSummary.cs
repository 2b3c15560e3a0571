namespace Pulse.Core.Collections;

/// <summary>Which schema version a collection was last brought to, by whom and when.</summary>
public sealed record SchemaVersionSummary(string SchemaName, int Version, string? AppliedBy, DateTimeOffset AppliedAt);
