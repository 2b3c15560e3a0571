using System.Text.Json.Nodes;
using Pulse.Core.Tests.Testing;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Qdrant;
using Pulse.Testing.Http;
using Pulse.Testing.OpenApi;
using static Pulse.Core.VectorStore.Filters.Condition;
using Filter = Pulse.Core.VectorStore.Filters.Filter;
using FilterValue = Pulse.Core.VectorStore.Filters.FilterValue;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>
/// The Qdrant adapter against a loopback server held to Qdrant's published OpenAPI spec: every request it
/// sends must match an operation (path, method, query, body schema), and it must read the spec's answers.
/// Request bodies are checked strictly: a key the spec does not declare (a misspelling such as
/// <c>with_payloads</c>, which Qdrant would ignore or reject) fails the test.
/// </summary>
public sealed class QdrantProtocolTests
{
    [SpecFact(SpecsFolder.Qdrant)]
    public void Every_payload_index_type_of_the_spec_is_read_and_written_under_its_name()
    {
        using var spec = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(SpecsFolder.Find()!, SpecsFolder.Qdrant)));
        var names = spec.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("PayloadSchemaType").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).ToList();

        Assert.Equal(names.Order(), Enum.GetValues<PayloadFieldType>().Select(QdrantMapping.Name).Order());
        Assert.All(names, name => Assert.Equal(name, QdrantMapping.Name(QdrantMapping.ParseFieldType(name))));
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Every_request_the_adapter_sends_matches_the_spec()
    {
        await using var server = await StartServerAsync(r => Task.FromResult(FakeQdrant.Answer(r)));
        using var store = Store(server.BaseAddress, apiKey: "secret");
        var filter = Filter.All(Match("city", "London"), Range("n", gte: 1), Nested("items", Filter.All(MatchAny("tag", "a", "b"))));

        await ExerciseEveryCallAsync(store, filter);

        server.AssertTrafficMatchesSpec();
        Assert.All(server.Requests, r => Assert.Equal("secret", r.Header("api-key")));
        Assert.Contains(server.Requests, r => r.Method == "PUT" && r.PathAndQuery == "/collections/docs/points?wait=true");
        Assert.Contains(server.Requests, r => r.Method == "POST" && r.Path == "/collections/docs/points/query");
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Every_filter_condition_and_collection_setting_is_sent_with_only_keys_the_spec_declares()
    {
        await using var server = await StartServerAsync(r => Task.FromResult(FakeQdrant.Answer(r)));
        using var store = Store(server.BaseAddress);
        var every = new Filter
        {
            Must = [Match("city", "London"), Match("n", 3), Match("ok", true), MatchAny("tag", "a", "b"), MatchExcept("tag", "c"), MatchText("body", "vector search")],
            Should = [Range("price", gt: 1, lt: 9.5), ValuesCount("tags", gte: 1, lte: 4), IsEmpty("notes"), IsNull("deleted_at"), HasId(1UL, Guid.Parse(FakeQdrant.Uuid))],
            MustNot = [Nested("items", Filter.All(Match("sku", "x"))), Filter.AnyOf(Match("a", 1), Filter.NoneOf(IsNull("b")))],
        };

        await store.CreateCollectionAsync("docs", new CollectionDefinition(4, Distance.Manhattan)
        {
            Hnsw = new HnswSettings { M = 32, EfConstruct = 200, FullScanThreshold = 5000, OnDisk = true },
            Optimizers = new OptimizerSettings { DeletedThreshold = 0.3, VacuumMinVectorNumber = 500, DefaultSegmentNumber = 2, IndexingThreshold = 0 },
            OnDiskPayload = true,
        });
        await store.QueryAsync("docs", new VectorQuery([1, 0, 0, 0]) { Filter = every, WithPayload = false });
        await store.CountAsync("docs", every);
        await store.ScrollAsync("docs", new ScrollRequest { Filter = every, Limit = 3, WithPayload = false, WithVector = true });
        await store.DeletePayloadKeysAsync("docs", ["a", "b.c"], PointSelector.Ids(1UL, Guid.Parse(FakeQdrant.Uuid)));
        await store.OverwritePayloadAsync("docs", new JsonObject { ["nested"] = new JsonObject { ["any"] = new JsonArray(1, "two") } }, PointSelector.Ids(1UL));

        server.AssertTrafficMatchesSpec();
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task The_ANN_quality_checks_queries_send_hnsw_ef_when_approximate_and_exact_true_when_exact()
    {
        await using var server = await StartServerAsync(r => Task.FromResult(FakeQdrant.Answer(r)));
        using var store = Store(server.BaseAddress);

        await store.QueryAsync("docs", Pulse.Core.Collections.AnnQualityCheck.ApproximateQuery([1, 0, 0, 0], k: 5, ef: 128));
        await store.QueryAsync("docs", Pulse.Core.Collections.AnnQualityCheck.ExactQuery([1, 0, 0, 0], k: 5));

        server.AssertTrafficMatchesSpec();
        var queries = server.Requests.Where(r => r.Method == "POST" && r.Path == "/collections/docs/points/query").Select(r => r.JsonBody()).ToList();
        Assert.Equal(2, queries.Count);
        Assert.Equal(128, queries[0].GetProperty("params").GetProperty("hnsw_ef").GetInt32());
        Assert.False(queries[0].GetProperty("params").TryGetProperty("exact", out var approximateExact) && approximateExact.GetBoolean());
        Assert.True(queries[1].GetProperty("params").GetProperty("exact").GetBoolean());
        Assert.False(queries[1].GetProperty("params").TryGetProperty("hnsw_ef", out var ef) && ef.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.All(queries, q => Assert.Equal(6, q.GetProperty("limit").GetInt32()));
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Upserts_are_split_into_batches_of_the_configured_size()
    {
        await using var server = await StartServerAsync(r => Task.FromResult(FakeQdrant.Answer(r)));
        using var store = Store(server.BaseAddress, batchSize: 4);

        await store.UpsertAsync("docs", [.. Enumerable.Range(1, 10).Select(i => new VectorPoint((ulong)i, [1, 0, 0, 0]))], wait: false);

        var upserts = server.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal([4, 4, 2], upserts.Select(r => r.JsonBody().GetProperty("points").GetArrayLength()));
        Assert.All(upserts, r => Assert.Equal("wait=false", r.Query));
        server.AssertTrafficMatchesSpec();
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Responses_in_the_spec_shapes_are_read_into_the_model()
    {
        await using var server = await StartServerAsync(r => Task.FromResult(FakeQdrant.Answer(r)));
        using var store = Store(server.BaseAddress);

        var info = await store.GetCollectionInfoAsync("docs");
        var hits = await store.QueryAsync("docs", new VectorQuery([1, 0, 0, 0]) { WithVector = true });
        var page = await store.ScrollAsync("docs", new ScrollRequest { Limit = 2 });
        var points = await store.GetPointsAsync("docs", [1UL, 2UL], withVector: true);

        Assert.Equal((4, Distance.Cosine, 3L, 2L, 2), (info.Config.VectorSize, info.Config.Distance, info.PointsCount, info.IndexedVectorsCount, info.SegmentsCount));
        Assert.Equal(16, info.Config.Hnsw!.M);
        Assert.Equal(PayloadFieldType.Text, info.PayloadSchema["body"]);
        Assert.Equal([PointId.FromNumber(1), PointId.Parse(FakeQdrant.Uuid)], hits.Select(h => h.Id));
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f], hits[0].Vector!);
        Assert.Equal("London", (string?)hits[0].Payload!["city"]);
        Assert.Equal(PointId.Parse(FakeQdrant.Uuid), page.NextOffset);
        Assert.Equal([1UL, 2UL], points.Select(p => p.Id.Number));
        Assert.Equal(42, await store.CountAsync("docs"));
        Assert.Equal(["a", "b"], await store.ListCollectionsAsync());
        Assert.Equal("docs-1.snapshot", (await store.ListSnapshotsAsync("docs")).Single().Name);
        Assert.Contains("1.19.0", (await store.GetHealthAsync()).Detail);
        server.AssertTrafficMatchesSpec();
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Error_bodies_become_one_exception_type_with_a_kind()
    {
        var answers = new Dictionary<string, LoopbackResponse>
        {
            ["/collections/missing"] = FakeQdrant.Error(404, "Not found: Collection `missing` doesn't exist!"),
            ["/collections/docs"] = FakeQdrant.Error(409, "Wrong input: Collection `docs` already exists!"),
            ["/collections/docs/points"] = FakeQdrant.Error(400, "Wrong input: Vector dimension error: expected dim: 4, got 3"),
            ["/collections/locked"] = FakeQdrant.Error(403, "Forbidden: invalid api key"),
        };
        await using var server = await StartServerAsync(r => Task.FromResult(answers[r.Path]));
        using var store = Store(server.BaseAddress);

        var missing = await Assert.ThrowsAsync<VectorStoreException>(() => store.GetCollectionInfoAsync("missing"));
        var exists = await Assert.ThrowsAsync<VectorStoreException>(() => store.CreateCollectionAsync("docs", new CollectionDefinition(4, Distance.Dot)));
        var dimension = await Assert.ThrowsAsync<VectorStoreException>(() => store.UpsertAsync("docs", [new VectorPoint(1UL, [1, 2, 3])]));
        var denied = await Assert.ThrowsAsync<VectorStoreException>(() => store.GetCollectionInfoAsync("locked"));

        Assert.Equal((VectorStoreErrorKind.NotFound, 404), (missing.Kind, missing.StatusCode));
        Assert.Contains("doesn't exist", missing.Message);
        Assert.Equal(VectorStoreErrorKind.Conflict, exists.Kind);
        Assert.Equal(VectorStoreErrorKind.Validation, dimension.Kind);
        Assert.Contains("expected dim: 4, got 3", dimension.Message);
        Assert.Equal(VectorStoreErrorKind.Unauthorized, denied.Kind);
        Assert.All(new[] { missing, exists, dimension, denied }, e => Assert.False(e.IsTransient));
        server.AssertTrafficMatchesSpec();
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Facet_posts_the_spec_body_and_reads_string_integer_and_boolean_values()
    {
        await using var server = await StartServerAsync(r => Task.FromResult(FakeQdrant.Answer(r)));
        using var store = Store(server.BaseAddress);
        var filter = Filter.All(Match("active", true), Range("n", gte: 1));

        var hits = await store.FacetAsync("docs", "city", filter, limit: 25, exact: true);
        await store.FacetAsync("docs", "tags");

        server.AssertTrafficMatchesSpec();
        var bodies = server.Requests.Where(r => r.Method == "POST" && r.Path == "/collections/docs/facet").Select(r => r.JsonBody()).ToList();
        Assert.Equal(2, bodies.Count);
        Assert.Equal(["exact", "filter", "key", "limit"], bodies[0].EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(("city", 25, true), (bodies[0].GetProperty("key").GetString(), bodies[0].GetProperty("limit").GetInt32(), bodies[0].GetProperty("exact").GetBoolean()));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(
            System.Text.Json.Nodes.JsonNode.Parse("""{"must":[{"key":"active","match":{"value":true}},{"key":"n","range":{"gte":1}}]}"""),
            System.Text.Json.Nodes.JsonNode.Parse(bodies[0].GetProperty("filter").GetRawText())));
        // No filter: the key is left out rather than sent as null; the defaults are sent explicitly.
        Assert.Equal(["exact", "key", "limit"], bodies[1].EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal((10, false), (bodies[1].GetProperty("limit").GetInt32(), bodies[1].GetProperty("exact").GetBoolean()));
        Assert.Equal(
            [(FilterValue.Keyword("London"), 12L), (FilterValue.Int(7), 3L), (FilterValue.Bool(true), 3L), (FilterValue.Int(-2), 1L)],
            hits.Select(h => (h.Value, h.Count)));
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Facet_on_a_key_without_an_index_is_a_validation_error_saying_to_create_a_keyword_index()
    {
        await using var server = await StartServerAsync(r => Task.FromResult(r.Path == "/collections/docs/facet"
            ? FakeQdrant.Error(400, "Bad request: Index required but not found for \\\"color\\\" of one of the following types: [keyword, integer, bool]. Help: Create an index for this key or use a different filter.")
            : r.Path == "/collections/gone/facet" ? FakeQdrant.Error(404, "Not found: Collection `gone` doesn't exist!") : FakeQdrant.Answer(r)));
        using var store = Store(server.BaseAddress);

        var missing = await Assert.ThrowsAsync<PayloadIndexRequiredException>(() => store.FacetAsync("docs", "color", exact: true));
        var gone = await Assert.ThrowsAsync<VectorStoreException>(() => store.FacetAsync("gone", "color"));
        var badLimit = await Assert.ThrowsAsync<VectorStoreException>(() => store.FacetAsync("docs", "color", limit: 0));

        Assert.Equal((VectorStoreErrorKind.Validation, 400, "color"), (missing.Kind, missing.StatusCode, missing.FieldName));
        Assert.Contains("'color'", missing.Message);
        Assert.Contains("create a keyword index", missing.Message);
        Assert.False(missing.IsTransient);
        Assert.Equal(VectorStoreErrorKind.NotFound, gone.Kind);
        Assert.IsNotType<PayloadIndexRequiredException>(gone);
        Assert.Equal(VectorStoreErrorKind.Validation, badLimit.Kind);
        Assert.Equal(2, server.Requests.Count);
        server.AssertTrafficMatchesSpec();
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Rate_limiting_and_unavailability_are_retried_then_reported_as_transient()
    {
        var calls = 0;
        await using var server = await StartServerAsync(r => Task.FromResult(
            r.Path == "/collections/flaky/points/count" && Interlocked.Increment(ref calls) <= 2
                ? FakeQdrant.Error(429, "Too many requests")
                : r.Path == "/collections/down/points/count" ? FakeQdrant.Error(503, "Service unavailable") : FakeQdrant.Answer(r)));
        using var store = Store(server.BaseAddress, retries: 2);

        Assert.Equal(42, await store.CountAsync("flaky"));
        var down = await Assert.ThrowsAsync<VectorStoreException>(() => store.CountAsync("down"));

        Assert.Equal(3, calls);
        Assert.Equal(3, server.Requests.Count(r => r.Path == "/collections/down/points/count"));
        Assert.True(down.IsTransient);
        Assert.Equal(VectorStoreErrorKind.Unavailable, down.Kind);
        server.AssertTrafficMatchesSpec();
    }

    [Fact]
    public async Task Connection_refused_and_timeouts_are_transient_errors_not_transport_exceptions()
    {
        using var refused = Store(LoopbackHttpServer.UnusedAddress(), retries: 1);
        await using var slow = await LoopbackHttpServer.StartAsync(_ => FakeQdrant.Ok("""{"count":1}""").After(TimeSpan.FromSeconds(5)));
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        using var timingOut = new QdrantVectorStore(http, new VectorStoreOptions { QdrantUrl = slow.BaseAddress.AbsoluteUri, RetryCount = 0 });

        var unreachable = await Assert.ThrowsAsync<VectorStoreException>(() => refused.CountAsync("docs"));
        var late = await Assert.ThrowsAsync<VectorStoreException>(() => timingOut.CountAsync("docs"));

        Assert.Equal((VectorStoreErrorKind.Unavailable, true), (unreachable.Kind, unreachable.IsTransient));
        Assert.Contains("unreachable", unreachable.Message);
        Assert.Equal((VectorStoreErrorKind.Timeout, true), (late.Kind, late.IsTransient));
        Assert.False((await refused.GetHealthAsync()).IsHealthy);
    }

    private static Task<SpecCheckedServer> StartServerAsync(Func<RecordedRequest, Task<LoopbackResponse>> handler) =>
        SpecCheckedServer.StartAsync(PublishedSpecs.Qdrant, handler, strictRequests: true);

    private static QdrantVectorStore Store(Uri address, string? apiKey = null, int batchSize = 256, int retries = 0) =>
        QdrantVectorStore.Create(new VectorStoreOptions
        {
            QdrantUrl = address.AbsoluteUri,
            ApiKey = apiKey,
            UpsertBatchSize = batchSize,
            RetryCount = retries,
            RetryBaseDelayMilliseconds = 5,
            TimeoutSeconds = 10,
        });

    private static async Task ExerciseEveryCallAsync(QdrantVectorStore store, Filter filter)
    {
        await store.GetHealthAsync();
        await store.ListCollectionsAsync();
        await store.CollectionExistsAsync("docs");
        await store.CreateCollectionAsync("docs", new CollectionDefinition(4, Distance.Cosine)
        {
            Hnsw = new HnswSettings { M = 16, EfConstruct = 100 },
            Optimizers = new OptimizerSettings { IndexingThreshold = 20000 },
        });
        await store.GetCollectionInfoAsync("docs");
        await store.CreatePayloadIndexAsync("docs", "city", PayloadFieldType.Keyword);
        await store.DeletePayloadIndexAsync("docs", "city");
        await store.UpdateAliasesAsync([AliasChange.Delete("current"), AliasChange.Create("current", "docs")]);
        await store.ListAliasesAsync();
        await store.UpsertAsync("docs", [new VectorPoint(1UL, [1, 0, 0, 0], new JsonObject { ["city"] = "London" }), new VectorPoint(Guid.Parse(FakeQdrant.Uuid), [0, 1, 0, 0])]);
        await store.QueryAsync("docs", new VectorQuery([1, 0, 0, 0]) { Filter = filter, Offset = 5, ScoreThreshold = 0.2f, Exact = true, HnswEf = 64, WithVector = true });
        await store.ScrollAsync("docs", new ScrollRequest { Filter = filter, Offset = PointId.Parse(FakeQdrant.Uuid), Limit = 5 });
        await store.CountAsync("docs", filter);
        await store.FacetAsync("docs", "city", filter, limit: 5, exact: true);
        await store.GetPointsAsync("docs", [1UL, Guid.Parse(FakeQdrant.Uuid)], withVector: true);
        await store.SetPayloadAsync("docs", new JsonObject { ["a"] = 1 }, PointSelector.Ids(1UL));
        await store.OverwritePayloadAsync("docs", new JsonObject { ["a"] = 1 }, PointSelector.Where(filter));
        await store.DeletePayloadKeysAsync("docs", ["a"], PointSelector.Where(filter));
        await store.DeletePointsAsync("docs", PointSelector.Ids(1UL));
        await store.DeletePointsAsync("docs", PointSelector.Where(filter));
        var snapshot = await store.CreateSnapshotAsync("docs");
        await store.ListSnapshotsAsync("docs");
        await store.RestoreSnapshotAsync("docs", snapshot.Name);
        await using (var download = await store.OpenSnapshotAsync("docs", snapshot.Name))
        {
            Assert.Equal(FakeQdrant.SnapshotBytes, await new StreamReader(download).ReadToEndAsync());
        }

        await store.DeleteSnapshotAsync("docs", snapshot.Name);
        await store.DeleteCollectionAsync("docs");
    }
}
