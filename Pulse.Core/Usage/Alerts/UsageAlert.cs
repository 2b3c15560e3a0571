namespace Pulse.Core.Usage.Alerts;

/// <summary>A usage alert as the page shows it (an <c>ml_anomaly_alerts</c> row).</summary>
public sealed record UsageAlert(
    int Id, int TenantId, string TenantName, string Kind, string Severity, string Message, DateTimeOffset CreatedAt,
    bool Acknowledged, string? AcknowledgedBy, DateTimeOffset? AcknowledgedAt);
