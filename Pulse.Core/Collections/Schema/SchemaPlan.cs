namespace Pulse.Core.Collections.Schema;

/// <summary>A schema and what applying it would change, collection by collection.</summary>
public sealed record SchemaPlan(CollectionSchema Schema, IReadOnlyList<SchemaChange> Changes)
{
    /// <summary>True when applying would change nothing.</summary>
    public bool IsUpToDate => Changes.All(c => c.Kind == SchemaChangeKind.Unchanged);
}
