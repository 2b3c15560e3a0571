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
    public string EmbeddingModel { get; set; } = "";
    public string EmbeddingProvider { get; set; } = "";
    public DateTimeOffset LastUpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
