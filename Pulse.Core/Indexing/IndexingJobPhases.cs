namespace Pulse.Core.Indexing;

/// <summary>The phases of a job: the keyset pass over the rows, then removing the points of deleted rows.</summary>
public static class IndexingJobPhases
{
    public const string Rows = "rows";
    public const string Deletions = "deletions";
}
