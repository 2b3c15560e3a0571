namespace Pulse.Core.Data.Entities;

/// <summary>Seed 000's integrations row: an AI provider (or data source) configured for a tenant.</summary>
public class Integration : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string IntegrationType { get; set; } = "ai_provider";
    public string? IntegrationSubtype { get; set; }
    public string? Provider { get; set; }
    public string IntegrationName { get; set; } = "";
    public string? BaseUrl { get; set; }
    /// <summary>Encrypted credential envelope (JSON); never plaintext.</summary>
    public string Credentials { get; set; } = "{}";
    public string Configuration { get; set; } = "{}";
    public string ModelConfig { get; set; } = "{}";
    public string PerformanceConfig { get; set; } = "{}";
    public int? FallbackIntegrationId { get; set; }
    public string ProviderMetadata { get; set; } = "{}";
    public string CostConfig { get; set; } = "{}";
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset LastUpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
