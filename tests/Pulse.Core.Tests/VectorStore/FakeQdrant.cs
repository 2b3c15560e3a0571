using System.Text.RegularExpressions;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>
/// Canned Qdrant v1.19 answers, one per operation the adapter uses, shaped as the spec's response schemas
/// (the spec-checked server verifies them, so this double cannot drift from the published protocol).
/// </summary>
internal static class FakeQdrant
{
    public const string Uuid = "550e8400-e29b-41d4-a716-446655440000";

    /// <summary>The body of every snapshot download.</summary>
    public const string SnapshotBytes = "qdrant-snapshot-archive";

    private const string Updated = """{"operation_id":7,"status":"completed"}""";

    private const string Info = """
        {"status":"green","optimizer_status":"ok","indexed_vectors_count":2,"points_count":3,"segments_count":2,
         "config":{"params":{"vectors":{"size":4,"distance":"Cosine"},"shard_number":1,"replication_factor":1,"write_consistency_factor":1,"on_disk_payload":true},
          "hnsw_config":{"m":16,"ef_construct":100,"full_scan_threshold":10000,"max_indexing_threads":0,"on_disk":false},
          "optimizer_config":{"deleted_threshold":0.2,"vacuum_min_vector_number":1000,"default_segment_number":0,"indexing_threshold":20000,"flush_interval_sec":5},
          "wal_config":{"wal_capacity_mb":32,"wal_segments_ahead":0}},
         "payload_schema":{"city":{"data_type":"keyword","points":3},"body":{"data_type":"text","points":2}}}
        """;

    private const string Snapshot = """{"name":"docs-1.snapshot","creation_time":"2024-07-22T08:31:55","size":1000,"checksum":"a1b2"}""";

    private static readonly (string Method, Regex Path, string Result)[] Routes =
    [
        ("GET", Route("cluster"), """{"status":"disabled"}"""),
        ("GET", Route("collections"), """{"collections":[{"name":"b"},{"name":"a"}]}"""),
        ("GET", Route("aliases"), """{"aliases":[{"alias_name":"current","collection_name":"docs"}]}"""),
        ("POST", Route("collections/aliases"), "true"),
        ("GET", Route("collections/[^/]+/exists"), """{"exists":true}"""),
        ("GET", Route("collections/[^/]+"), Info),
        ("PUT", Route("collections/[^/]+"), "true"),
        ("DELETE", Route("collections/[^/]+"), "true"),
        ("PUT", Route("collections/[^/]+/index"), Updated),
        ("DELETE", Route("collections/[^/]+/index/[^/]+"), Updated),
        ("PUT", Route("collections/[^/]+/points"), Updated),
        ("POST", Route("collections/[^/]+/points"), """[{"id":2,"payload":{"city":"Paris"}},{"id":1,"payload":{"city":"London"},"vector":[0.5,0.5,0.5,0.5]}]"""),
        ("POST", Route("collections/[^/]+/points/query"), $$$"""{"points":[{"id":1,"version":3,"score":0.9,"payload":{"city":"London"},"vector":[0.1,0.2,0.3,0.4]},{"id":"{{{Uuid}}}","version":1,"score":0.5}]}"""),
        ("POST", Route("collections/[^/]+/points/scroll"), $$$"""{"points":[{"id":1,"payload":{"city":"London"}},{"id":2}],"next_page_offset":"{{{Uuid}}}"}"""),
        ("POST", Route("collections/[^/]+/points/count"), """{"count":42}"""),
        ("POST", Route("collections/[^/]+/facet"), """{"hits":[{"value":"London","count":12},{"value":7,"count":3},{"value":true,"count":3},{"value":-2,"count":1}]}"""),
        ("POST", Route("collections/[^/]+/points/(delete|payload|payload/delete)"), Updated),
        ("PUT", Route("collections/[^/]+/points/payload"), Updated),
        ("POST", Route("collections/[^/]+/snapshots"), Snapshot),
        ("GET", Route("collections/[^/]+/snapshots"), $"[{Snapshot}]"),
        ("PUT", Route("collections/[^/]+/snapshots/recover"), "true"),
        ("DELETE", Route("collections/[^/]+/snapshots/[^/]+"), "true"),
    ];

    /// <summary>The answer a healthy Qdrant gives to <paramref name="request"/>.</summary>
    public static LoopbackResponse Answer(RecordedRequest request)
    {
        if (request.Path == "/healthz")
        {
            return LoopbackResponse.Text("healthz check passed");
        }

        if (request.Path == "/readyz")
        {
            return LoopbackResponse.Text("all shards are ready");
        }

        if (request.Path == "/")
        {
            return LoopbackResponse.Json("""{"title":"qdrant - vector search engine","version":"1.19.0","commit":"abc"}""");
        }

        if (request.Method == "GET" && SnapshotFile.IsMatch(request.Path))
        {
            return new LoopbackResponse { Body = SnapshotBytes, ContentType = "application/octet-stream" };
        }

        foreach (var (method, path, result) in Routes)
        {
            if (method == request.Method && path.IsMatch(request.Path))
            {
                return Ok(result);
            }
        }

        return Error(404, $"Not found: no fake route for {request.Method} {request.Path}");
    }

    public static LoopbackResponse Ok(string result) => LoopbackResponse.Json($$"""{"time":0.001,"status":"ok","result":{{result}}}""");

    public static LoopbackResponse Error(int status, string message) =>
        LoopbackResponse.Json($$"""{"time":0.001,"status":{"error":"{{message}}"},"result":null}""", status);

    private static readonly Regex SnapshotFile = Route("collections/[^/]+/snapshots/[^/]+\\.snapshot");

    private static Regex Route(string pattern) => new($"^/{pattern}$", RegexOptions.CultureInvariant);
}
