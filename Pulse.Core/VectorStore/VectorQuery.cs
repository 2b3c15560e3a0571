using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore;

/// <summary>A nearest-neighbour query: the best <see cref="Limit"/> points after skipping <see cref="Offset"/>.</summary>
/// <param name="Vector">The query vector; must have the collection's dimension.</param>
public sealed record VectorQuery(float[] Vector)
{
    public int Limit { get; init; } = 10;
    public int Offset { get; init; }
    public Filter? Filter { get; init; }

    /// <summary>Only points scoring better than this: at least it for Cosine/Dot, at most it for Euclid/Manhattan.</summary>
    public float? ScoreThreshold { get; init; }

    public bool WithPayload { get; init; } = true;
    public bool WithVector { get; init; }

    /// <summary>Search without approximation (Qdrant's <c>params.exact</c>); the embedded store is always exact.</summary>
    public bool Exact { get; init; }

    /// <summary>HNSW beam size (Qdrant's <c>params.hnsw_ef</c>); null for the server default.</summary>
    public int? HnswEf { get; init; }
}
