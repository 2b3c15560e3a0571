namespace Pulse.Core.Collections.Schema;

/// <summary>What applying a schema would do to one collection.</summary>
public enum SchemaChangeKind
{
    /// <summary>The live collection already matches.</summary>
    Unchanged,

    /// <summary>The collection does not exist and will be created.</summary>
    Create,

    /// <summary>Payload indexes change on the live collection; data and searches are untouched.</summary>
    InPlace,

    /// <summary>Dimension, distance or HNSW change: a new physical collection is built and the alias switched.</summary>
    Rebuild,
}
