using Pulse.Core.Providers;

namespace Pulse.Core.Indexing;

/// <summary>How the vectors behind a collection would be re-embedded at a new dimension, or why they cannot be.</summary>
/// <param name="Collection">The name searches use (an alias, or a collection).</param>
/// <param name="TenantId">The owning tenant; null for a platform collection.</param>
/// <param name="Dimension">The new vector size.</param>
/// <param name="Sources">The tenant's pipeline sources that fill the collection (empty for the content collection).</param>
/// <param name="IsContentCollection">True when its points are the content collection built from <c>content_metadata</c>.</param>
/// <param name="Integration">The integration that embeds: the tenant's default; null when refused before one was chosen.</param>
/// <param name="Rows">Source rows to re-embed.</param>
/// <param name="Refusal">Why it cannot be done (a sentence ending "Nothing was changed."); null when it can.</param>
public sealed record ReindexPlan(
    string Collection, int? TenantId, int Dimension, IReadOnlyList<IndexingSource> Sources, bool IsContentCollection,
    IntegrationSpec? Integration, long Rows, string? Refusal)
{
    /// <summary>True when the rebuild can re-embed every point.</summary>
    public bool CanRun => Refusal is null;

    /// <summary>The source tables, comma-separated.</summary>
    public string SourceTables => IsContentCollection ? BuiltInSources.Content : string.Join(", ", Sources.Select(s => s.Table));

    /// <summary>What the rebuild will do, or the refusal.</summary>
    public string Description => Refusal
        ?? $"The vectors will be re-embedded from {SourceTables} ({Rows:N0} rows) with '{Integration!.Name}' ({Integration.Dimension} dims) into the new collection; the alias is switched when all are in.";
}
