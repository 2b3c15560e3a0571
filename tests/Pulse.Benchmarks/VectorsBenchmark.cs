using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Embedded;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Benchmarks;

/// <summary>
/// Embedded vector store figures: durable upsert throughput, top-10 latency with and without a keyword
/// filter, the same query as a bare SIMD scan in the same process, and resident memory per point.
/// </summary>
internal static class VectorsBenchmark
{
    private const string Collection = "bench_vectors";
    private const int Categories = 10;

    public static async Task<int> RunAsync(string[] args)
    {
        var points = Option(args, "--points", 100_000);
        var dim = Option(args, "--dim", 384);
        var queries = Option(args, "--queries", 200);
        var batch = Option(args, "--batch", 1_000);
        var folder = OptionText(args, "--folder") ?? Path.Combine(Path.GetTempPath(), "pulse-bench-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"vectors: embedded store, {dim}-dim cosine, {points:N0} points, batches of {batch:N0}, {queries} queries, folder {folder}");

        try
        {
            var random = new Random(42);
            var vectors = new float[points * dim];
            for (var i = 0; i < vectors.Length; i++)
            {
                vectors[i] = (float)((random.NextDouble() * 2) - 1);
            }

            await IngestAsync(folder, vectors, dim, batch);
            var (managedPerPoint, residentPerPoint) = await MeasureReloadAsync(folder, points);
            var queryVectors = Enumerable.Range(0, queries).Select(_ => RandomVector(random, dim)).ToArray();
            await CompareQueriesAsync(folder, vectors, dim, queryVectors);
            Console.WriteLine($"memory: resident {residentPerPoint:N0} B/point, managed heap {managedPerPoint:N0} B/point (raw vector {dim * 4:N0} B)");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task IngestAsync(string folder, float[] vectors, int dim, int batch)
    {
        using var store = new EmbeddedVectorStore(folder);
        await store.CreateCollectionAsync(Collection, new CollectionDefinition(dim, Distance.Cosine));
        await store.CreatePayloadIndexAsync(Collection, "category", PayloadFieldType.Keyword);
        var count = vectors.Length / dim;
        var batches = new List<List<VectorPoint>>();
        for (var start = 0; start < count; start += batch)
        {
            batches.Add([.. Enumerable.Range(start, Math.Min(batch, count - start))
                .Select(i => new VectorPoint((ulong)i + 1, vectors.AsSpan(i * dim, dim).ToArray(), new JsonObject
                {
                    ["category"] = $"c{i % Categories}",
                    ["n"] = i,
                }))]);
        }

        var watch = Stopwatch.StartNew();
        foreach (var points in batches)
        {
            await store.UpsertAsync(Collection, points);
        }

        watch.Stop();
        Console.WriteLine($"upsert: {count:N0} points in {watch.Elapsed.TotalSeconds:F2} s = {count / watch.Elapsed.TotalSeconds:N0} points/s (durable: WAL, synchronous=NORMAL, one transaction per batch)");
    }

    /// <summary>Hidden verb run in a fresh process so the resident figure holds only the loaded store.</summary>
    public static async Task<int> FootprintAsync(string[] args)
    {
        var (managedBefore, residentBefore) = Footprint();
        using var store = new EmbeddedVectorStore(args[0]);
        var watch = Stopwatch.StartNew();
        var points = await store.CountAsync(Collection);
        var seconds = watch.Elapsed.TotalSeconds;
        var (managedAfter, residentAfter) = Footprint();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{points} {seconds:F3} {(residentAfter - residentBefore) / (double)points:F0} {(managedAfter - managedBefore) / (double)points:F0}"));
        return 0;
    }

    private static async Task<(double Managed, double Resident)> MeasureReloadAsync(string folder, int points)
    {
        using var child = Process.Start(new ProcessStartInfo(Environment.ProcessPath!, ["vectors-footprint", folder])
        {
            RedirectStandardOutput = true,
        })!;
        var output = (await child.StandardOutput.ReadToEndAsync()).Trim().Split(' ');
        await child.WaitForExitAsync();
        var loaded = double.Parse(output[1], CultureInfo.InvariantCulture);
        Console.WriteLine($"reload: {points:N0} points loaded from disk in {loaded:F2} s (fresh process)");
        return (double.Parse(output[3], CultureInfo.InvariantCulture), double.Parse(output[2], CultureInfo.InvariantCulture));
    }

    private static async Task CompareQueriesAsync(string folder, float[] vectors, int dim, float[][] queryVectors)
    {
        using var store = new EmbeddedVectorStore(folder);
        _ = await store.CountAsync(Collection);
        var normalized = (float[])vectors.Clone();
        for (var i = 0; i < normalized.Length; i += dim)
        {
            var v = normalized.AsSpan(i, dim);
            TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        }

        var bare = new BareScan(normalized, dim);
        var filter = Filter.All(Condition.Match("category", "c3"));
        var bareTimes = Measure(queryVectors, q => _ = bare.TopK(Normalized(q), 10));
        var storeTimes = Measure(queryVectors, q => _ = store.QueryAsync(Collection, new VectorQuery(q) { Limit = 10, WithPayload = false }).Result);
        var filteredTimes = Measure(queryVectors, q => _ = store.QueryAsync(Collection, new VectorQuery(q) { Limit = 10, WithPayload = false, Filter = filter }).Result);

        Report("bare TensorPrimitives scan, top-10", bareTimes, null);
        Report("store query, top-10", storeTimes, bareTimes);
        Report($"store query, top-10, keyword filter (1/{Categories} of points)", filteredTimes, bareTimes);
        CheckSameAnswer(store, bare, queryVectors[0]);
    }

    private static void CheckSameAnswer(EmbeddedVectorStore store, BareScan bare, float[] query)
    {
        var fromStore = store.QueryAsync(Collection, new VectorQuery(query) { Limit = 10, WithPayload = false }).Result.Select(h => h.Id.Number - 1);
        var fromBare = bare.TopK(Normalized(query), 10).Select(h => (ulong)h.Index);
        Console.WriteLine($"check: store and bare scan agree on the top 10: {fromStore.SequenceEqual(fromBare)}");
    }

    private static double[] Measure(float[][] queries, Action<float[]> run)
    {
        foreach (var q in queries.Take(20))
        {
            run(q);
        }

        var times = new double[queries.Length];
        for (var i = 0; i < queries.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            run(queries[i]);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    private static void Report(string what, double[] sorted, double[]? baseline)
    {
        var ratio = baseline is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"  ratio to bare scan: p50 {Percentile(sorted, 0.5) / Percentile(baseline, 0.5):F2}x, p99 {Percentile(sorted, 0.99) / Percentile(baseline, 0.99):F2}x");
        Console.WriteLine($"query: {what}: p50 {Percentile(sorted, 0.5):F2} ms, p99 {Percentile(sorted, 0.99):F2} ms{ratio}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static (long Managed, long Resident) Footprint()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }

    private static float[] Normalized(float[] vector)
    {
        var copy = (float[])vector.Clone();
        TensorPrimitives.Divide(copy, TensorPrimitives.Norm(copy), copy);
        return copy;
    }

    private static float[] RandomVector(Random random, int dim) =>
        [.. Enumerable.Range(0, dim).Select(_ => (float)((random.NextDouble() * 2) - 1))];

    private static int Option(string[] args, string name, int fallback) =>
        OptionText(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static string? OptionText(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
