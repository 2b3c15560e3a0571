namespace Pulse.Core.Indexing;

/// <summary>Settings of the indexing pipeline, bound from <c>Pulse:Indexing</c>.</summary>
public sealed class IndexingOptions
{
    public const string SectionName = "Pulse:Indexing";

    /// <summary>Runs the background runner that picks up queued jobs (tests and one-off tools turn it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the runner looks for queued jobs when nothing woke it.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Rows read from the source per keyset page.</summary>
    public int ReadPageSize { get; set; } = 500;

    /// <summary>
    /// Most chunks sent to the provider chain per embedding call. Each call costs a budget check, a chain resolution and
    /// a usage row, so calls are as large as one request of the primary integration allows (its batch size: 1024 for the
    /// built-in embedder, what the tenant configured for a remote provider), up to this cap. A failing call is bisected
    /// to park only the rows at fault.
    /// </summary>
    public int EmbedBatchSize { get; set; } = 512;

    /// <summary>
    /// Chunks written to the store and recorded per transaction (several embedding calls); the job's cursor and progress
    /// advance this often. Larger batches cost fewer round trips; smaller ones lose less work to a crash.
    /// </summary>
    public int CommitBatchSize { get; set; } = 512;

    /// <summary>Tries of one batch on transient failures before it is split to find the failing rows.</summary>
    public int BatchAttempts { get; set; } = 3;

    /// <summary>First back-off between tries; doubles each time, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Default chunk size in characters when the tenant's pipeline configuration says nothing.</summary>
    public int DefaultChunkSize { get; set; } = Preferences.PipelineConfiguration.DefaultChunkSize;

    /// <summary>Default overlap between consecutive chunks, in characters.</summary>
    public int DefaultChunkOverlap { get; set; } = Preferences.PipelineConfiguration.DefaultChunkOverlap;

    /// <summary>Cap on chunks per record, so one huge row cannot flood the store.</summary>
    public int MaxChunksPerRecord { get; set; } = 64;
}
