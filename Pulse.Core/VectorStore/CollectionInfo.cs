namespace Pulse.Core.VectorStore;

/// <summary>State and configuration of one collection.</summary>
public sealed record CollectionInfo
{
    public required string Name { get; init; }
    public required CollectionStatus Status { get; init; }
    public required long PointsCount { get; init; }
    public required long IndexedVectorsCount { get; init; }
    public required int SegmentsCount { get; init; }
    public required CollectionDefinition Config { get; init; }

    /// <summary>Declared payload indexes by field name.</summary>
    public required IReadOnlyDictionary<string, PayloadFieldType> PayloadSchema { get; init; }
}
