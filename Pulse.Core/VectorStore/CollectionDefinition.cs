namespace Pulse.Core.VectorStore;

/// <summary>What a collection is created with: one unnamed dense vector per point, plus index tuning.</summary>
/// <param name="VectorSize">Dimension of every vector in the collection (at least 1).</param>
/// <param name="Distance">How vectors are compared.</param>
public sealed record CollectionDefinition(int VectorSize, Distance Distance)
{
    public HnswSettings? Hnsw { get; init; }
    public OptimizerSettings? Optimizers { get; init; }
    public bool? OnDiskPayload { get; init; }
}
