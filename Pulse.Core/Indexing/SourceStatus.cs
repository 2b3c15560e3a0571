namespace Pulse.Core.Indexing;

/// <summary>One source of one tenant as the indexing page shows it.</summary>
/// <param name="TenantId">The tenant.</param>
/// <param name="TenantName">Its name.</param>
/// <param name="Source">How the source is indexed.</param>
/// <param name="CollectionName">The full collection name its points go to.</param>
/// <param name="RecordedPoints">Its rows in <c>qdrant_vectors</c>.</param>
/// <param name="ParkedRows">Rows parked with an error.</param>
/// <param name="Job">The active job, else the latest one; null when it was never indexed.</param>
/// <param name="Notes">What the tenant's pipeline configuration had that was ignored, and why.</param>
public sealed record SourceStatus(
    int TenantId, string TenantName, IndexingSource Source, string CollectionName, long RecordedPoints, int ParkedRows,
    IndexingJob? Job, IReadOnlyList<string> Notes)
{
    /// <summary>True when a job holds the source (queued, running or paused).</summary>
    public bool HasActiveJob => Job is not null && IndexingJobStates.IsActive(Job.State);
}
