namespace Pulse.Core.Indexing;

/// <summary>The kinds of drift between <c>qdrant_vectors</c> and the vector store.</summary>
public enum DriftKind
{
    /// <summary>Recorded in <c>qdrant_vectors</c>, absent from the store.</summary>
    Missing,

    /// <summary>In the store, recorded nowhere.</summary>
    Orphan,

    /// <summary>Made by another model than the tenant's current embedding model.</summary>
    StaleModel,
}
