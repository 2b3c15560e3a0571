namespace Pulse.Core.VectorStore;

/// <summary>Qdrant's optimizer parameters; null members mean "server default".</summary>
public sealed record OptimizerSettings
{
    public double? DeletedThreshold { get; init; }
    public int? VacuumMinVectorNumber { get; init; }
    public int? DefaultSegmentNumber { get; init; }
    public int? IndexingThreshold { get; init; }
}
