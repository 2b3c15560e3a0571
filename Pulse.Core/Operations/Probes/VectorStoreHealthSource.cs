using System.Diagnostics;
using Pulse.Core.Operations.Health;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Embedded;

namespace Pulse.Core.Operations.Probes;

/// <summary>
/// The vector store itself: Qdrant's version, readiness and cluster status with its peers, or the embedded store's folder,
/// size on disk and memory.
/// </summary>
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
        var (status, reason) = Assess(health, embedded?.RootPath);
        if (health.Ready is { } ready)
            figures.Add(new("ready", "Ready", ready ? 1 : 0));
        if (health.Cluster is { Enabled: true } cluster)
        {
            figures.Add(new("peers", "Cluster peers", cluster.Peers));
            figures.Add(new("pending_operations", "Pending consensus operations", cluster.PendingOperations));
            figures.Add(new("peers_failing", "Peers failing messages", cluster.PeersFailingMessages));
        }

        return [new HealthRow(Component, name, status, reason, figures)];
    }

    /// <summary>The row's status and reason for a store's health answer (public for the tests of each cause).</summary>
    public static (HealthStatus Status, string Reason) Assess(VectorStoreHealth health, string? embeddedFolder)
    {
        if (!health.IsHealthy)
            return (HealthStatus.Red, health.Ready == false ? $"Alive but not ready: {health.Detail}" : $"Not reachable or not ready: {health.Detail}");
        if (embeddedFolder is not null)
            return (HealthStatus.Green, $"Ready. Embedded in the portal process; data folder {embeddedFolder}.");

        var version = health.Version is null ? "" : $" Version {health.Version}.";
        if (health.Cluster is not { Enabled: true } cluster)
        {
            var single = health.Cluster is null ? " Cluster status not reported." : " Single node (distributed mode off).";
            return (HealthStatus.Green, $"Ready.{version}{single} {health.Detail}.");
        }

        var peers = $"cluster of {cluster.Peers} peer(s), this node is peer {cluster.PeerId}";
        if (cluster.ConsensusStatus is "stopped" or "stopped_with_err")
            return (HealthStatus.Red, $"Ready, but consensus has stopped on this node{(cluster.ConsensusError is null ? "" : $": {cluster.ConsensusError}")};{version} {peers}. Collection changes cannot be agreed until it runs again.");
        if (cluster.Leader is null)
            return (HealthStatus.Yellow, $"Ready, but the cluster has no leader (an election is under way):{version} {peers}.");
        if (cluster.PeersFailingMessages > 0)
            return (HealthStatus.Yellow, $"Ready, but {cluster.PeersFailingMessages} peer(s) do not receive consensus messages:{version} {peers}, leader {cluster.Leader}.");
        if (cluster.PendingOperations > 0)
            return (HealthStatus.Yellow, $"Ready, applying {cluster.PendingOperations} pending consensus operation(s):{version} {peers}, leader {cluster.Leader}.");
        return (HealthStatus.Green, $"Ready.{version} {char.ToUpperInvariant(peers[0])}{peers[1..]}, leader {cluster.Leader}, consensus working.");
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
