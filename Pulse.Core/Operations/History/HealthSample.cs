namespace Pulse.Core.Operations.History;

/// <summary>One health row at one sampling moment (table <c>health_samples</c>); platform data, read by ops.</summary>
public class HealthSample
{
    public long Id { get; set; }
    public DateTimeOffset SampledAt { get; set; }
    public string Component { get; set; } = "";
    public string Name { get; set; } = "";
    public int? TenantId { get; set; }
    public string Status { get; set; } = "green";
    public string Reason { get; set; } = "";
    /// <summary>JSON object of figure key to value.</summary>
    public string Figures { get; set; } = "{}";
}
