namespace Pulse.Core.VectorStore;

/// <summary>
/// Which vector store to use and how to talk to it; bound from <c>Pulse:VectorStore</c>.
/// A <see cref="QdrantUrl"/> selects Qdrant; without one the embedded store is used.
/// </summary>
public sealed class VectorStoreOptions
{
    public const string SectionName = "Pulse:VectorStore";

    /// <summary>Qdrant's REST address, e.g. <c>http://localhost:6333</c>; empty for the embedded store.</summary>
    public string? QdrantUrl { get; set; }

    /// <summary>Sent as the <c>api-key</c> header when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Per-attempt HTTP timeout.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Points per upsert request; larger batches are split.</summary>
    public int UpsertBatchSize { get; set; } = 256;

    /// <summary>Retries after a transient failure (connection refused, 429, 502-504, timeouts); 0 disables.</summary>
    public int RetryCount { get; set; } = 3;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 200;

    /// <summary>Folder of the embedded store; defaults to <c>{dataFolder}/vectors</c>.</summary>
    public string? EmbeddedPath { get; set; }

    public bool UsesQdrant => !string.IsNullOrWhiteSpace(QdrantUrl);
}
