namespace Pulse.Core.Data.Entities;

/// <summary>Seed 001: one model prediction with its anomaly score.</summary>
public class MlPredictionLog : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string ModelName { get; set; } = "";
    public double PredictionValue { get; set; }
    public string? InputFeatures { get; set; }
    public double? AnomalyScore { get; set; }
    public bool IsAnomaly { get; set; }
    public string Severity { get; set; } = "normal";
    public int? ResponseTimeMs { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
