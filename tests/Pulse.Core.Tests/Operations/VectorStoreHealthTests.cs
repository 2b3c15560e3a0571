using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.Probes;
using Pulse.Core.Tests.Testing;
using Pulse.Core.Tests.VectorStore;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Qdrant;
using Pulse.Testing.Http;
using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Operations;

/// <summary>
/// The vector store row against a loopback Qdrant held to its published spec: readiness (<c>/readyz</c>), version, and
/// cluster status with its peers (<c>/cluster</c>), each cause of a red or yellow row stated in words.
/// </summary>
public sealed class VectorStoreHealthTests
{
    private const string Working = """{"consensus_thread_status":"working","last_update":"2026-12-07T10:00:00Z"}""";

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task A_single_node_qdrant_that_is_ready_is_green_with_its_version()
    {
        var (row, server) = await ProbeAsync(_ => null);

        Assert.Equal(("Qdrant", HealthStatus.Green), (row.Name, row.Status));
        Assert.Contains("Version 1.19.0", row.Reason);
        Assert.Contains("Single node", row.Reason);
        Assert.Equal(1, row.Figures.Single(f => f.Key == "ready").Value);
        Assert.Contains(server.Requests, r => r.Path == "/readyz");
        Assert.Contains(server.Requests, r => r.Path == "/cluster");
        server.AssertTrafficMatchesSpec();
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task A_qdrant_that_is_alive_but_not_ready_is_a_red_row_saying_so()
    {
        var (row, server) = await ProbeAsync(r => r.Path == "/readyz" ? LoopbackResponse.Text("some shards are not ready", 503) : null);

        Assert.Equal(HealthStatus.Red, row.Status);
        Assert.Contains("Alive but not ready", row.Reason);
        Assert.Contains("some shards are not ready", row.Reason);
        Assert.Equal(0, row.Figures.Single(f => f.Key == "ready").Value);
        server.AssertTrafficMatchesSpec();
    }

    [Fact]
    public async Task An_unreachable_qdrant_is_a_red_row_naming_the_address()
    {
        using var store = Store(LoopbackHttpServer.UnusedAddress());

        var row = (await new VectorStoreHealthSource(store).ProbeAsync(default)).Single();

        Assert.Equal(HealthStatus.Red, row.Status);
        Assert.Contains("Not reachable or not ready", row.Reason);
        Assert.Contains("unreachable", row.Reason);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task A_cluster_row_names_its_peers_and_leader()
    {
        var (row, server) = await ProbeAsync(r => r.Path == "/cluster" ? FakeQdrant.Ok(Cluster(leader: "1", pending: 0, failures: "{}")) : null);

        Assert.Equal(HealthStatus.Green, row.Status);
        Assert.Contains("Cluster of 3 peer(s), this node is peer 2, leader 1, consensus working", row.Reason);
        Assert.Equal(3, row.Figures.Single(f => f.Key == "peers").Value);
        Assert.Equal(0, row.Figures.Single(f => f.Key == "peers_failing").Value);
        server.AssertTrafficMatchesSpec();
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task A_cluster_without_a_leader_or_with_a_peer_that_cannot_be_reached_is_yellow()
    {
        var (leaderless, _) = await ProbeAsync(r => r.Path == "/cluster" ? FakeQdrant.Ok(Cluster(leader: "null", pending: 2, failures: "{}")) : null);
        var (failing, server) = await ProbeAsync(r => r.Path == "/cluster"
            ? FakeQdrant.Ok(Cluster(leader: "1", pending: 0, failures: """{"http://qdrant-3:6335/":{"count":4,"latest_error":"connection refused"}}"""))
            : null);

        Assert.Equal(HealthStatus.Yellow, leaderless.Status);
        Assert.Contains("no leader", leaderless.Reason);
        Assert.Equal(HealthStatus.Yellow, failing.Status);
        Assert.Contains("1 peer(s) do not receive consensus messages", failing.Reason);
        Assert.Equal(1, failing.Figures.Single(f => f.Key == "peers_failing").Value);
        server.AssertTrafficMatchesSpec();
    }

    [Fact]
    public void Consensus_that_stopped_with_an_error_is_red_and_quotes_the_error()
    {
        var health = new VectorStoreHealth(true, "qdrant", "Qdrant 1.19.0 at http://qdrant:6333/")
        {
            Version = "1.19.0", Ready = true,
            Cluster = new VectorStoreCluster(true, 2, 3, 1, 0, 0, "stopped_with_err", "raft log corrupted"),
        };

        var (status, reason) = VectorStoreHealthSource.Assess(health, null);

        Assert.Equal(HealthStatus.Red, status);
        Assert.Contains("consensus has stopped on this node: raft log corrupted", reason);
    }

    private static string Cluster(string leader, int pending, string failures) => $$$"""
        {"status":"enabled","peer_id":2,
         "peers":{"1":{"uri":"http://qdrant-1:6335/"},"2":{"uri":"http://qdrant-2:6335/"},"3":{"uri":"http://qdrant-3:6335/"}},
         "raft_info":{"term":5,"commit":120,"pending_operations":{{{pending}}},"leader":{{{leader}}},"role":"Follower","is_voter":true},
         "consensus_thread_status":{{{Working}}},
         "message_send_failures":{{{failures}}}}
        """;

    private static async Task<(HealthRow Row, SpecCheckedServer Server)> ProbeAsync(Func<RecordedRequest, LoopbackResponse?> answer)
    {
        var server = await SpecCheckedServer.StartAsync(PublishedSpecs.Qdrant, r => Task.FromResult(answer(r) ?? FakeQdrant.Answer(r)), strictRequests: true);
        using var store = Store(server.BaseAddress);
        var rows = await new VectorStoreHealthSource(store).ProbeAsync(default);
        return (rows.Single(), server);
    }

    private static QdrantVectorStore Store(Uri address) =>
        QdrantVectorStore.Create(new VectorStoreOptions { QdrantUrl = address.AbsoluteUri, RetryCount = 0, TimeoutSeconds = 5 });
}
