namespace Pulse.Core.Data.Entities;

/// <summary>Who did what, when: administration and configuration changes.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public int? TenantId { get; set; }
    public int? UserId { get; set; }
    public string Action { get; set; } = "";
    public string? Target { get; set; }
    public string Details { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
