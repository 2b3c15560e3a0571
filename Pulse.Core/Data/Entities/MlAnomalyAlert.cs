namespace Pulse.Core.Data.Entities;

/// <summary>Seed 001: an alert (budget thresholds among them) with its acknowledgement.</summary>
public class MlAnomalyAlert : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string ModelName { get; set; } = "";
    public string Severity { get; set; } = "low";
    public string AlertData { get; set; } = "{}";
    public bool Acknowledged { get; set; }
    public int? AcknowledgedBy { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
