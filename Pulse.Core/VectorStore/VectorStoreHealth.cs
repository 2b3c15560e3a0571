namespace Pulse.Core.VectorStore;

/// <summary>Whether the vector store answers, which one it is, and a line of detail for the health page.</summary>
/// <param name="IsHealthy">Alive and ready to serve.</param>
/// <param name="Backend"><c>qdrant</c> or <c>embedded</c>.</param>
/// <param name="Detail">One line a person reads.</param>
public sealed record VectorStoreHealth(bool IsHealthy, string Backend, string Detail)
{
    /// <summary>The server's version, when it reports one.</summary>
    public string? Version { get; init; }

    /// <summary>
    /// The readiness check's answer (Qdrant's <c>/readyz</c>: in a cluster, caught up with consensus and its local shards
    /// healthy); null when the store has no such check.
    /// </summary>
    public bool? Ready { get; init; }

    /// <summary>Cluster status and peers; null when the store is not clustered or did not say.</summary>
    public VectorStoreCluster? Cluster { get; init; }
}
