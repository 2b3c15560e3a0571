namespace Pulse.Core.Collections.Schema;

/// <summary>One declared collection (its newest applied schema version) compared with the live store.</summary>
/// <param name="Collection">The declared name searches use (an alias after a rebuild).</param>
/// <param name="LiveCollection">The physical collection it resolves to now; null when it is missing from the store.</param>
/// <param name="TenantId">The owning tenant; null for platform collections.</param>
/// <param name="SchemaName">The schema that declared it.</param>
/// <param name="Version">The applied version.</param>
/// <param name="Kind">What applying the declaration again would do; null when the stored declaration cannot be read.</param>
/// <param name="Details">Each difference in words.</param>
public sealed record SchemaDrift(
    string Collection, string? LiveCollection, int? TenantId, string SchemaName, int Version, SchemaChangeKind? Kind, IReadOnlyList<string> Details)
{
    /// <summary>True when the live collection no longer matches its declaration (or is missing, or the declaration is unreadable).</summary>
    public bool HasDrift => Kind != SchemaChangeKind.Unchanged;

    /// <summary>One sentence for a health row or an API answer.</summary>
    public string Summary => Kind switch
    {
        SchemaChangeKind.Unchanged => $"Matches its declared schema {SchemaName} v{Version}.",
        SchemaChangeKind.Create => $"Declared by schema {SchemaName} v{Version} but missing from the vector store.",
        SchemaChangeKind.InPlace => $"Drifted from schema {SchemaName} v{Version} (payload indexes): {string.Join(" ", Details)}",
        SchemaChangeKind.Rebuild => $"Drifted from schema {SchemaName} v{Version}: {string.Join(" ", Details)}",
        _ => $"The applied declaration (schema {SchemaName} v{Version}) cannot be read: {string.Join(" ", Details)}",
    };
}
