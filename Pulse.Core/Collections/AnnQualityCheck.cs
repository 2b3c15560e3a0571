using System.Diagnostics;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections;

/// <summary>
/// Measures how well a collection's approximate (HNSW) search matches exact search: draws a seeded random sample of
/// points, queries with each point's own vector once approximately (with the chosen <c>ef</c>) and once exactly, and
/// reports recall@k and the latency of both modes. Read-only, so analysts may run it; each run is audited.
/// </summary>
/// <remarks>
/// The sample point is its own nearest neighbour, so each query asks for k + 1 hits and the point itself is removed
/// from both lists before keeping the first k; recall@k is |approximate ∩ exact| / |exact|. Points are drawn from at
/// most <see cref="MaxPointsScanned"/> points read in id order (never the whole collection), so on large collections
/// the sample comes from the start of the id range. Everything goes through <see cref="TenantVectorStore"/>, so
/// another tenant's collection is refused with <see cref="VectorStoreAccessDeniedException"/>.
/// </remarks>
public sealed class AnnQualityCheck(TenantVectorStore store, IPulseDbContextFactory databases)
{
    public const int MaxSampleSize = 500;
    public const int MaxK = 100;
    public const int MaxEf = 4096;

    /// <summary>The most points read to draw the sample from.</summary>
    public const int MaxPointsScanned = 5000;

    /// <summary>The seed used when the caller gives none, so repeated runs compare like with like.</summary>
    public const int DefaultSeed = 20240601;

    /// <summary>The approximate query the check sends for <paramref name="vector"/>: k + 1 hits, HNSW with <paramref name="ef"/>.</summary>
    public static VectorQuery ApproximateQuery(float[] vector, int k, int? ef) =>
        new(vector) { Limit = k + 1, WithPayload = false, HnswEf = ef };

    /// <summary>The exact query the check sends for <paramref name="vector"/>: k + 1 hits, brute force.</summary>
    public static VectorQuery ExactQuery(float[] vector, int k) =>
        new(vector) { Limit = k + 1, WithPayload = false, Exact = true };

    /// <summary>The first problem with the inputs, or null when they are usable.</summary>
    public static string? Problem(int sampleSize, int k, int? ef) =>
        sampleSize is < 1 or > MaxSampleSize ? $"Sample size {sampleSize} is out of range: use 1 to {MaxSampleSize} points."
        : k is < 1 or > MaxK ? $"k {k} is out of range: use 1 to {MaxK} neighbours."
        : ef is < 1 or > MaxEf ? $"ef {ef} is out of range: use 1 to {MaxEf}, or leave it empty for the store's default."
        : null;

    /// <summary>Runs the check on <paramref name="collectionName"/>.</summary>
    /// <param name="collectionName">The collection or alias.</param>
    /// <param name="sampleSize">Query points, 1 to <see cref="MaxSampleSize"/>.</param>
    /// <param name="k">Neighbours compared, 1 to <see cref="MaxK"/>.</param>
    /// <param name="ef">HNSW beam size for the approximate queries, 1 to <see cref="MaxEf"/>; null for the store's default.</param>
    /// <param name="seed">Seed of the random sample; null for <see cref="DefaultSeed"/>.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public async Task<AnnQualityResult> RunAsync(string collectionName, int sampleSize, int k, int? ef, int? seed = null, CancellationToken cancellationToken = default)
    {
        if (Problem(sampleSize, k, ef) is { } problem)
        {
            throw new ValidationFailedException(problem, problem.StartsWith("Sample", StringComparison.Ordinal) ? "SampleSize" : problem.StartsWith("k ", StringComparison.Ordinal) ? "K" : "Ef");
        }

        // Reading the info first gives the same refusal / not-found as the rest of the collection pages.
        var info = await store.GetCollectionInfoAsync(collectionName, cancellationToken);
        if (info.PointsCount == 0)
        {
            throw new ValidationFailedException($"Collection '{collectionName}' has no points, so there is nothing to sample; add points first.", "Collection");
        }

        if (info.PointsCount == 1)
        {
            throw new ValidationFailedException($"Collection '{collectionName}' has a single point, which has no neighbours to compare; add points first.", "Collection");
        }

        var pool = await ReadPoolAsync(collectionName, Math.Min(MaxPointsScanned, Math.Max(sampleSize * 4, 200)), cancellationToken);
        var actualSeed = seed ?? DefaultSeed;
        var random = new Random(actualSeed);
        var sample = pool.OrderBy(_ => random.Next()).Take(sampleSize).ToList();
        if (sample.Count == 0)
        {
            throw new ValidationFailedException($"Collection '{collectionName}' returned no points with vectors to sample.", "Collection");
        }

        var recalls = new List<double>(sample.Count);
        var approximateMs = new List<double>(sample.Count);
        var exactMs = new List<double>(sample.Count);
        foreach (var point in sample)
        {
            // Alternate the modes per point so neither benefits alone from warm caches.
            var watch = Stopwatch.StartNew();
            var approximate = await store.QueryAsync(collectionName, ApproximateQuery(point.Vector!, k, ef), cancellationToken);
            approximateMs.Add(watch.Elapsed.TotalMilliseconds);
            watch.Restart();
            var exact = await store.QueryAsync(collectionName, ExactQuery(point.Vector!, k), cancellationToken);
            exactMs.Add(watch.Elapsed.TotalMilliseconds);

            var truth = exact.Where(h => h.Id != point.Id).Take(k).Select(h => h.Id).ToHashSet();
            if (truth.Count == 0)
            {
                continue;
            }

            var found = approximate.Where(h => h.Id != point.Id).Take(k).Count(h => truth.Contains(h.Id));
            recalls.Add((double)found / truth.Count);
        }

        var backend = (await store.GetHealthAsync(cancellationToken)).Backend;
        var alwaysExact = string.Equals(backend, "embedded", StringComparison.OrdinalIgnoreCase);
        var note = alwaysExact
            ? "The embedded store always searches exactly (it has no HNSW index and ignores ef), so recall is 1.0 by construction and says nothing about index quality; run this against Qdrant to measure it."
            : $"{sample.Count} points drawn at random (seed {actualSeed}) from the first {pool.Count} in id order; each point's own vector is the query and the point itself is left out of both result lists.";
        var result = new AnnQualityResult(collectionName, sample.Count, k, ef, actualSeed, pool.Count,
            recalls.Count == 0 ? 1.0 : recalls.Average(), recalls.Count == 0 ? 1.0 : recalls.Min(),
            Summarize(approximateMs), Summarize(exactMs), backend, alwaysExact, note);
        await AuditAsync(info.Name, result, cancellationToken);
        return result;
    }

    /// <summary>The <paramref name="percentile"/> (0–100) of <paramref name="values"/> by nearest rank.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static LatencySummary Summarize(IReadOnlyList<double> values) => new(Percentile(values, 50), Percentile(values, 95));

    private async Task<List<PointRecord>> ReadPoolAsync(string collectionName, int size, CancellationToken cancellationToken)
    {
        var pool = new List<PointRecord>(size);
        PointId? offset = null;
        do
        {
            var page = await store.ScrollAsync(collectionName,
                new ScrollRequest { Offset = offset, Limit = Math.Min(250, size - pool.Count), WithPayload = false, WithVector = true }, cancellationToken);
            pool.AddRange(page.Points.Where(p => p.Vector is { Length: > 0 }));
            offset = page.NextOffset;
        }
        while (offset is not null && pool.Count < size);

        return pool;
    }

    private async Task AuditAsync(string collectionName, AnnQualityResult result, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateDbContext();
        var owner = CollectionNames.TryParseTenant(collectionName, out var id, out _) ? id : (int?)null;
        AuditWriter.Add(db, "collection.ann_check", collectionName, new
        {
            sample = result.SampleSize, k = result.K, ef = result.Ef, seed = result.Seed,
            mean_recall = Math.Round(result.MeanRecall, 4), min_recall = Math.Round(result.MinRecall, 4), backend = result.Backend,
        }, owner);
        await db.SaveChangesAsync(cancellationToken);
    }
}
