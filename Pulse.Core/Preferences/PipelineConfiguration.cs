namespace Pulse.Core.Preferences;

/// <summary>The 'pipeline_config' document of tenant_ai_configuration: what the indexing pipeline vectorizes and how it chunks.</summary>
public sealed class PipelineConfiguration
{
    public const int CurrentVersion = 1;

    public int SchemaVersion { get; set; } = CurrentVersion;

    /// <summary>The chunk size the pipeline uses while a tenant has saved none, in characters.</summary>
    public const int DefaultChunkSize = 1000;

    /// <summary>The overlap the pipeline uses while a tenant has saved none, in characters.</summary>
    public const int DefaultChunkOverlap = 100;

    /// <summary>Chunk size in characters (the unit the chunker cuts in).</summary>
    public int ChunkSize { get; set; } = DefaultChunkSize;

    /// <summary>Characters shared by consecutive chunks: at most half of <see cref="ChunkSize"/>.</summary>
    public int ChunkOverlap { get; set; } = DefaultChunkOverlap;

    /// <summary>The largest overlap allowed with a chunk size (more would repeat most of every chunk in the next).</summary>
    public static int MaxOverlap(int chunkSize) => Math.Max(0, chunkSize / 2);

    /// <summary>The vectorized source tables.</summary>
    public List<PipelineTableSettings> Tables { get; set; } = [];
}
