namespace Pulse.Core.Usage.Entities;

/// <summary>
/// One row of the <c>ai_usage_daily</c> rollup (tenant, UTC day, integration, provider, model, operation).
/// Mapped so the schema agreement tests cover it; the rollup and the aggregates use SQL (see <see cref="UsageSql"/>).
/// </summary>
public class UsageDailyRow : Data.Entities.ITenantOwned
{
    public int TenantId { get; set; }
    public DateOnly Day { get; set; }
    public int? IntegrationId { get; set; }
    public string Provider { get; set; } = "";
    public string ModelName { get; set; } = "";
    public string Operation { get; set; } = "";
    public long Requests { get; set; }
    public long Succeeded { get; set; }
    public long Failed { get; set; }
    public long FallbackServed { get; set; }
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public long TotalTokens { get; set; }
    public decimal Cost { get; set; }
    public long LatencyMsSum { get; set; }
    public long LatencyB00 { get; set; }
    public long LatencyB01 { get; set; }
    public long LatencyB02 { get; set; }
    public long LatencyB03 { get; set; }
    public long LatencyB04 { get; set; }
    public long LatencyB05 { get; set; }
    public long LatencyB06 { get; set; }
    public long LatencyB07 { get; set; }
    public long LatencyB08 { get; set; }
    public long LatencyB09 { get; set; }
    public long LatencyB10 { get; set; }
    public long LatencyB11 { get; set; }
    public long LatencyB12 { get; set; }
    public long LatencyB13 { get; set; }
    public long LatencyB14 { get; set; }
    public long LatencyB15 { get; set; }
}
