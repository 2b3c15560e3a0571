using Pulse.Core.Indexing;

namespace Pulse.Core.Collections.Schema;

/// <summary>The diff of one declared collection against the live store.</summary>
/// <param name="Collection">The name searches use (full name, tenant prefix included).</param>
/// <param name="LiveCollection">The physical collection behind it today, or null when there is none.</param>
/// <param name="Kind">Create, in place, rebuild or unchanged.</param>
/// <param name="Details">One sentence per difference.</param>
/// <param name="Entry">The declaration.</param>
/// <param name="Reindex">For a dimension change over stored vectors: how they would be re-embedded, or why they cannot be.</param>
public sealed record SchemaChange(
    string Collection, string? LiveCollection, SchemaChangeKind Kind, IReadOnlyList<string> Details, CollectionSchemaEntry Entry, ReindexPlan? Reindex = null);
