namespace Pulse.Core.Data.Entities;

/// <summary>Seed 003's content_metadata row: a chunk of content filed under a hierarchy leaf.</summary>
public class ContentMetadata : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string HierarchyTable { get; set; } = "";
    public int LeafId { get; set; }
    public string ContentType { get; set; } = "";
    public string Title { get; set; } = "";
    public string ContentSummary { get; set; } = "";
    public int ChunkNumber { get; set; } = 1;
    public int? WordCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
