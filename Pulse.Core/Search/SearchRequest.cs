namespace Pulse.Core.Search;

/// <summary>
/// One playground query: the text, the collection, and how to search it. The same shape travels in a share link
/// (<see cref="SearchLink"/>) and in the history, so a shared or remembered query re-runs exactly.
/// </summary>
public sealed record SearchRequest
{
    /// <summary>Longest query text accepted: well inside every provider's input limit (8K tokens for OpenAI).</summary>
    public const int MaxQueryLength = 2000;

    /// <summary>Most hits one page may ask for.</summary>
    public const int MaxLimit = 100;

    /// <summary>The text to embed and search for.</summary>
    public string Query { get; init; } = "";

    /// <summary>The full collection name (<c>client_{tenant}_{name}</c>, or a platform collection for admins).</summary>
    public string Collection { get; init; } = "";

    /// <summary>Hits per page, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 10;

    /// <summary>Hits to skip (pagination: page n starts at n × <see cref="Limit"/>).</summary>
    public int Offset { get; init; }

    /// <summary>Only hits scoring at least this (Cosine and Dot collections).</summary>
    public float? ScoreThreshold { get; init; }

    /// <summary>Search without approximation (slower on large collections; the embedded store is always exact).</summary>
    public bool Exact { get; init; }

    /// <summary>HNSW beam size for approximate search; null for the store's default.</summary>
    public int? HnswEf { get; init; }

    /// <summary>A Qdrant payload filter as JSON, or null for none.</summary>
    public string? FilterJson { get; init; }

    /// <summary>The integration that embeds the query; null for the tenant's default chain.</summary>
    public int? IntegrationId { get; init; }

    /// <summary>Restricts hits to records created in the last this many days (seed 003's "recent creation"), resolved in PostgreSQL.</summary>
    public int? CreatedWithinDays { get; init; }

    /// <summary>
    /// Restricts hits to one content type (seed 003's metadata filter): content_metadata's <c>content_type</c>, a work
    /// item's <c>item_type</c>, or "Pull request". Read from the payload where the collection indexes
    /// <c>content_type</c>, otherwise resolved to record ids in PostgreSQL.
    /// </summary>
    public string? ContentType { get; init; }

    /// <summary>Restricts hits to content under a hierarchy branch (seed 003's hybrid query), resolved in PostgreSQL.</summary>
    public HierarchyScope? Scope { get; init; }
}
