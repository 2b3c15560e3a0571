namespace Pulse.Core.Preferences;

/// <summary>The 'pipeline_config' document of tenant_ai_configuration: what the indexing pipeline vectorizes and how it chunks.</summary>
public sealed class PipelineConfiguration
{
    public const int CurrentVersion = 1;

    public int SchemaVersion { get; set; } = CurrentVersion;

    /// <summary>Chunk size in tokens.</summary>
    public int ChunkSize { get; set; } = 512;

    /// <summary>Tokens shared by consecutive chunks; smaller than <see cref="ChunkSize"/>.</summary>
    public int ChunkOverlap { get; set; } = 64;

    /// <summary>The vectorized source tables.</summary>
    public List<PipelineTableSettings> Tables { get; set; } = [];
}
