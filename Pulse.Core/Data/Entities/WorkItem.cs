namespace Pulse.Core.Data.Entities;

/// <summary>A work item (story, bug, task) of a project.</summary>
public class WorkItem : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public int? ProjectId { get; set; }
    public string Key { get; set; } = "";
    public string? Summary { get; set; }
    public string? Description { get; set; }
    public string ItemType { get; set; } = "Story";
    public string Status { get; set; } = "To Do";
    public string? Priority { get; set; }
    public string? Assignee { get; set; }
    public int? StoryPoints { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
