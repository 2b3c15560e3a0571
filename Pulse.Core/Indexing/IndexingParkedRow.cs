using Pulse.Core.Data.Entities;

namespace Pulse.Core.Indexing;

/// <summary>A source row that kept failing (<c>indexing_parked_rows</c>): kept with its error until a later job indexes it.</summary>
public class IndexingParkedRow : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public string SourceTable { get; set; } = "";
    public int RecordId { get; set; }
    public long? JobId { get; set; }
    public string Error { get; set; } = "";
    public int Attempts { get; set; } = 1;
    public DateTimeOffset FirstFailedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset LastFailedAt { get; set; } = DateTimeOffset.UtcNow;
}
