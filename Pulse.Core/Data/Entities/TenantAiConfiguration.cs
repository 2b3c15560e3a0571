namespace Pulse.Core.Data.Entities;

/// <summary>One pipeline configuration document of a tenant ('embedding_models', 'llm_models', 'pipeline_config').</summary>
public class TenantAiConfiguration : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string ConfigCategory { get; set; } = "";
    public string Configuration { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset LastUpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
