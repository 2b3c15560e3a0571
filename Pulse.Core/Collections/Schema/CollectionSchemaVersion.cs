namespace Pulse.Core.Collections.Schema;

/// <summary>
/// One applied version of a collection schema: the row that says which version a collection is at.
/// Not tenant-owned in the EF sense (platform collections have no tenant); <see cref="CollectionSchemaService"/>
/// only reads rows of collections the caller may access.
/// </summary>
public class CollectionSchemaVersion
{
    public long Id { get; set; }
    public int? TenantId { get; set; }

    /// <summary>The name searches use (an alias when the collection was rebuilt behind one).</summary>
    public string CollectionName { get; set; } = "";

    /// <summary>The physical collection holding the data.</summary>
    public string PhysicalName { get; set; } = "";

    public string SchemaName { get; set; } = "";
    public int Version { get; set; }

    /// <summary>The collection's declaration as YAML.</summary>
    public string Definition { get; set; } = "";

    /// <summary>The changes that were applied, as a JSON array of sentences.</summary>
    public string Changes { get; set; } = "[]";

    public int? AppliedBy { get; set; }
    public string? AppliedByName { get; set; }
    public DateTimeOffset AppliedAt { get; set; } = DateTimeOffset.UtcNow;
}
