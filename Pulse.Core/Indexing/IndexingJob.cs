using Pulse.Core.Data.Entities;

namespace Pulse.Core.Indexing;

/// <summary>One run of the pipeline over one source table of one tenant (<c>indexing_jobs</c>).</summary>
public class IndexingJob : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public string SourceTable { get; set; } = "";
    public string CollectionName { get; set; } = "";
    public string State { get; set; } = IndexingJobStates.Queued;
    public string Phase { get; set; } = IndexingJobPhases.Rows;
    public string? RequestedBy { get; set; }
    public int TotalRows { get; set; }
    public int ProcessedRows { get; set; }
    public int EmbeddedRows { get; set; }
    public int UnchangedRows { get; set; }
    public int ParkedRows { get; set; }
    public int DeletedRows { get; set; }
    public int PointsWritten { get; set; }
    public int Retries { get; set; }
    public int LastRecordId { get; set; }
    public string? EmbeddingModel { get; set; }
    public string? EmbeddingProvider { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? FinishedAt { get; set; }
}
