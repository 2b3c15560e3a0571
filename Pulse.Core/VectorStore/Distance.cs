namespace Pulse.Core.VectorStore;

/// <summary>How two vectors are compared; the names and semantics are Qdrant's.</summary>
public enum Distance
{
    /// <summary>Cosine similarity: vectors are normalized on insert, scores are dot products, higher is closer.</summary>
    Cosine,

    /// <summary>Dot product, higher is closer.</summary>
    Dot,

    /// <summary>Euclidean distance, lower is closer (scores are distances).</summary>
    Euclid,

    /// <summary>Manhattan (L1) distance, lower is closer (scores are distances).</summary>
    Manhattan,
}
