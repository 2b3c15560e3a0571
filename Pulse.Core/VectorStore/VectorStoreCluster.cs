namespace Pulse.Core.VectorStore;

/// <summary>Qdrant's <c>GET /cluster</c> in a health page's terms.</summary>
/// <param name="Enabled">False for a single node without distributed mode.</param>
/// <param name="PeerId">This node's peer id.</param>
/// <param name="Peers">Nodes in the cluster, this one included.</param>
/// <param name="Leader">The Raft leader of the current term; null when none is elected.</param>
/// <param name="PendingOperations">Consensus operations still to be applied on this node.</param>
/// <param name="PeersFailingMessages">Peers this node has failed to send consensus messages to.</param>
/// <param name="ConsensusStatus">Consensus thread status: <c>working</c>, <c>stopped</c> or <c>stopped_with_err</c>.</param>
/// <param name="ConsensusError">The consensus thread's error, when it stopped with one.</param>
public sealed record VectorStoreCluster(
    bool Enabled,
    ulong? PeerId = null,
    int Peers = 1,
    ulong? Leader = null,
    int PendingOperations = 0,
    int PeersFailingMessages = 0,
    string? ConsensusStatus = null,
    string? ConsensusError = null);
