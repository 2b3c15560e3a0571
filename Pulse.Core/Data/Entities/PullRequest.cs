namespace Pulse.Core.Data.Entities;

/// <summary>A pull request in one of a tenant's repositories.</summary>
public class PullRequest : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int? ProjectId { get; set; }
    public string Repository { get; set; } = "";
    public int Number { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string? Author { get; set; }
    public string State { get; set; } = "open";
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? MergedAt { get; set; }
}
