namespace Pulse.Core.Collections;

/// <summary>Latency percentiles of one search mode over the sampled queries, in milliseconds.</summary>
public sealed record LatencySummary(double P50Milliseconds, double P95Milliseconds);

/// <summary>
/// What <see cref="AnnQualityCheck.RunAsync"/> measured: recall@<see cref="K"/> of approximate (HNSW) search against
/// exact search over <see cref="SampleSize"/> sampled points, and the latency of both modes.
/// </summary>
/// <param name="CollectionName">The collection or alias checked.</param>
/// <param name="SampleSize">Query points actually used (fewer than asked when the collection is smaller).</param>
/// <param name="K">Neighbours compared per query (the sample point itself excluded).</param>
/// <param name="Ef">The HNSW beam size sent with approximate queries; null for the store's default.</param>
/// <param name="Seed">The seed of the random sample; the same seed over unchanged data picks the same points.</param>
/// <param name="PointsScanned">Points read (in id order) to draw the sample from.</param>
/// <param name="MeanRecall">Mean recall@k over the sampled queries, 0 to 1.</param>
/// <param name="MinRecall">The worst query's recall@k.</param>
/// <param name="Approximate">Latency of the approximate queries.</param>
/// <param name="Exact">Latency of the exact queries.</param>
/// <param name="Backend">The vector store answering ("embedded" or "qdrant").</param>
/// <param name="AlwaysExact">True when the store has no approximate index, so both modes search exactly.</param>
/// <param name="Note">A sentence to show next to the figures (how the sample was drawn, and when recall says nothing).</param>
public sealed record AnnQualityResult(
    string CollectionName,
    int SampleSize,
    int K,
    int? Ef,
    int Seed,
    int PointsScanned,
    double MeanRecall,
    double MinRecall,
    LatencySummary Approximate,
    LatencySummary Exact,
    string Backend,
    bool AlwaysExact,
    string Note);
