using System.Diagnostics;
using Pulse.Core.Operations.Health;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Embedded;

namespace Pulse.Core.Operations.Probes;

/// <summary>The vector store itself: Qdrant's version and readiness, or the embedded store's folder, size on disk and memory.</summary>
public sealed class VectorStoreHealthSource(IVectorStore store) : IHealthSource
{
    public const string ComponentName = "Vector store";

    public string Component => ComponentName;

    public async Task<IReadOnlyList<HealthRow>> ProbeAsync(CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var health = await store.GetHealthAsync(cancellationToken);
        var latency = watch.Elapsed.TotalMilliseconds;
        var collections = health.IsHealthy ? (await store.ListCollectionsAsync(cancellationToken)).Count : (int?)null;
        var figures = new List<HealthFigure>
        {
            new("latency_ms", "Answer time", Math.Round(latency, 1), "ms"),
            new("collections", "Collections", collections),
        };
        var embedded = Unwrap(store);
        if (embedded is not null)
        {
            figures.Add(new("disk_mb", "Size on disk", Math.Round(FolderBytes(embedded.RootPath) / 1048576.0, 2), "MB"));
            using var process = Process.GetCurrentProcess();
            figures.Add(new("memory_mb", "Portal memory (working set)", Math.Round(process.WorkingSet64 / 1048576.0, 1), "MB"));
        }

        var name = embedded is not null ? "Embedded store" : health.Backend == "qdrant" ? "Qdrant" : health.Backend;
        var reason = health.IsHealthy
            ? embedded is not null
                ? $"Ready. Embedded in the portal process; data folder {embedded.RootPath}."
                : $"Ready. {health.Detail}."
            : $"Not ready: {health.Detail}";
        return [new HealthRow(Component, name, health.IsHealthy ? HealthStatus.Green : HealthStatus.Red, reason, figures)];
    }

    private static EmbeddedVectorStore? Unwrap(IVectorStore store) => store switch
    {
        EmbeddedVectorStore e => e,
        Metrics.MeteredVectorStore m => Unwrap(m.Inner),
        _ => null,
    };

    private static long FolderBytes(string path)
    {
        try
        {
            return new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f =>
            {
                try { return f.Length; }
                catch (IOException) { return 0L; }
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
