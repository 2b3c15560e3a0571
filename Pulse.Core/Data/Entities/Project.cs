namespace Pulse.Core.Data.Entities;

/// <summary>An engineering project of a tenant.</summary>
public class Project : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string Key { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
