namespace Pulse.Core.Data.Entities;

/// <summary>Seed 000's qdrant_vectors row: which source record a vector-store point was made from, and with which model.</summary>
public class QdrantVectorRef : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string TableName { get; set; } = "";
    public int RecordId { get; set; }
    public string QdrantCollection { get; set; } = "";
    public Guid QdrantPointId { get; set; }
    public string VectorType { get; set; } = "content";

    /// <summary>Which chunk of the record's text the point holds (0 for the first; one row per point).</summary>
    public int ChunkIndex { get; set; }

    /// <summary>Hash of the text, model and chunking the point was made from; a re-run skips records whose hash is unchanged.</summary>
    public string ContentHash { get; set; } = "";
    public string EmbeddingModel { get; set; } = "";
    public string EmbeddingProvider { get; set; } = "";
    public DateTimeOffset LastUpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
