namespace Pulse.Core.Data.Entities;

/// <summary>
/// A branch/limb/leaf path in one of seed 003's hierarchy tables (religion_hierarchy, subject1..8_hierarchy,
/// science_hierarchy). All share this shape; EF maps it once per table as a shared-type entity.
/// </summary>
public class HierarchyNode : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string Branch { get; set; } = "";
    public string Limb { get; set; } = "";
    public string Leaf { get; set; } = "";
    public string? Description { get; set; }
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>The path as shown to people: Branch / Limb / Leaf.</summary>
    public string Path => $"{Branch} / {Limb} / {Leaf}";
}
