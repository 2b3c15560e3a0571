namespace Pulse.Core.Indexing;

/// <summary>The states of <see cref="IndexingJob.State"/>; queued, running and paused are active (one per source).</summary>
public static class IndexingJobStates
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Paused = "paused";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>True while the job holds its source (the database allows one such job per source).</summary>
    public static bool IsActive(string state) => state is Queued or Running or Paused;

    /// <summary>A label for pages.</summary>
    public static string Label(string state) => state switch
    {
        Queued => "Queued",
        Running => "Running",
        Paused => "Paused",
        Completed => "Completed",
        Failed => "Failed",
        Cancelled => "Cancelled",
        _ => state,
    };
}
