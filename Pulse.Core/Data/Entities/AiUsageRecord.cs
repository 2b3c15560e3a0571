namespace Pulse.Core.Data.Entities;

/// <summary>One AI call, successful or not: seed 000's ai_usage_tracking row.</summary>
public class AiUsageRecord : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public int? IntegrationId { get; set; }
    public string Provider { get; set; } = "";
    public string Operation { get; set; } = "embedding";
    public string? ModelName { get; set; }
    public int InputCount { get; set; }
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public int TotalTokens { get; set; }
    public bool TokensEstimated { get; set; }
    public decimal Cost { get; set; }
    public string Currency { get; set; } = "USD";
    public int LatencyMs { get; set; }
    public bool Success { get; set; } = true;
    public string? ErrorCategory { get; set; }
    public bool FallbackUsed { get; set; }
    public string RequestMetadata { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
