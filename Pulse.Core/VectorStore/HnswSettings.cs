namespace Pulse.Core.VectorStore;

/// <summary>
/// Qdrant's HNSW index parameters. Null members mean "server default". The embedded store keeps and
/// reports them but always searches exactly, so they never change its results.
/// </summary>
public sealed record HnswSettings
{
    public int? M { get; init; }
    public int? EfConstruct { get; init; }
    public int? FullScanThreshold { get; init; }
    public bool? OnDisk { get; init; }
}
