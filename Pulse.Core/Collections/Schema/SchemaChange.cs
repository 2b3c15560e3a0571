namespace Pulse.Core.Collections.Schema;

/// <summary>The diff of one declared collection against the live store.</summary>
/// <param name="Collection">The name searches use (full name, tenant prefix included).</param>
/// <param name="LiveCollection">The physical collection behind it today, or null when there is none.</param>
/// <param name="Kind">Create, in place, rebuild or unchanged.</param>
/// <param name="Details">One sentence per difference.</param>
/// <param name="Entry">The declaration.</param>
public sealed record SchemaChange(string Collection, string? LiveCollection, SchemaChangeKind Kind, IReadOnlyList<string> Details, CollectionSchemaEntry Entry);
