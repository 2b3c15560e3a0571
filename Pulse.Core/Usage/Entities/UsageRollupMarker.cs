namespace Pulse.Core.Usage.Entities;

/// <summary>A (tenant, UTC day) whose rollup must be recomputed: appended by triggers on <c>ai_usage_tracking</c>.</summary>
public class UsageRollupMarker
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public DateOnly Day { get; set; }
    public DateTimeOffset MarkedAt { get; set; }
}
