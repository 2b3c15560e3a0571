using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections;

/// <summary>Everything the detail page shows about one collection besides its points.</summary>
/// <param name="Info">Status, counts and configuration as the store reports them.</param>
/// <param name="Aliases">Aliases pointing at this collection.</param>
/// <param name="Snapshots">The collection's snapshots, oldest first (empty for callers who may not manage them).</param>
/// <param name="PayloadFields">Payload fields seen in a sample of points, plus every indexed field.</param>
/// <param name="SchemaVersion">The last applied schema version, or null.</param>
/// <param name="CanManage">True when the caller may change this collection.</param>
public sealed record CollectionDetail(
    CollectionInfo Info,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<SnapshotInfo> Snapshots,
    IReadOnlyList<PayloadField> PayloadFields,
    SchemaVersionSummary? SchemaVersion,
    bool CanManage);
