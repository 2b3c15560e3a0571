using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections;

/// <summary>One row of the collection list.</summary>
/// <param name="Name">The physical collection name.</param>
/// <param name="Scope">"Tenant" or "Platform".</param>
/// <param name="Status">The store's health colour.</param>
/// <param name="PointsCount">Points stored.</param>
/// <param name="IndexedVectorsCount">Vectors in the HNSW index.</param>
/// <param name="SegmentsCount">Storage segments.</param>
/// <param name="VectorSize">Vector dimension.</param>
/// <param name="Distance">Vector comparison.</param>
/// <param name="EstimatedSizeBytes">Raw vector data (points × dimension × 4 bytes); the store does not report disk size.</param>
/// <param name="PayloadIndexes">Indexed payload fields as "field (type)".</param>
/// <param name="Aliases">Aliases pointing at the collection.</param>
/// <param name="SchemaVersion">The last applied schema version, or null when none was applied.</param>
/// <param name="Problem">Why the collection's details could not be read, when they could not.</param>
public sealed record CollectionSummary(
    string Name,
    string Scope,
    CollectionStatus Status,
    long PointsCount,
    long IndexedVectorsCount,
    int SegmentsCount,
    int VectorSize,
    Distance Distance,
    long EstimatedSizeBytes,
    IReadOnlyList<string> PayloadIndexes,
    IReadOnlyList<string> Aliases,
    int? SchemaVersion,
    string? Problem = null);
