using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Testing;

public class QdrantSpecTests
{
    private static OpenApiSpec Spec => PublishedSpecs.Qdrant;

    [SpecFact(SpecsFolder.Qdrant)]
    public void Loads_the_published_document_with_its_paths()
    {
        Assert.StartsWith("3.0", Spec.Version);
        Assert.Contains("/collections/{collection_name}/points", Spec.PathTemplates);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void A_misspelled_query_key_passes_leniently_but_strict_request_checks_name_it()
    {
        const string body = """{"query":[0.1,0.2],"limit":5,"with_payloads":true,"params":{"hnsw_ef":64,"exakt":true},"filter":{"must":[{"key":"city","match":{"value":"London"}}]}}""";

        Assert.Empty(Spec.ValidateRequest("POST", "/collections/docs/points/query", body));
        Assert.Equal(
            ["$.params.exakt", "$.with_payloads"],
            Spec.ValidateRequest("POST", "/collections/docs/points/query", body, strict: true).Select(v => v.Path).Order());
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Strict_request_checks_accept_the_spec_shapes_of_filters_vectors_and_payloads()
    {
        const string body = """
            {"points":[{"id":1,"vector":[0.1,0.2],"payload":{"any":{"nested":"key"}}},
                       {"id":2,"vector":{"dense":[0.3,0.4]}}]}
            """;
        const string query = """
            {"query":{"nearest":[0.1,0.2]},"filter":{"should":[{"key":"n","range":{"gte":1}},{"has_id":[1]},
              {"nested":{"key":"items","filter":{"must":[{"key":"tag","match":{"any":["a"]}}]}}}]},"with_payload":["city"]}
            """;

        Assert.Empty(Spec.ValidateRequest("PUT", "/collections/docs/points", body, strict: true));
        Assert.Empty(Spec.ValidateRequest("POST", "/collections/docs/points/query", query, strict: true));
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Responses_stay_lenient_about_fields_a_newer_server_adds()
    {
        var violations = Spec.ValidateResponse("POST", "/collections/docs/points/count", 200,
            """{"time":0.001,"status":"ok","result":{"count":3,"approximate":false},"usage":null}""");

        Assert.Empty(violations);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Accepts_a_collection_create_body_with_size_and_distance()
    {
        var violations = Spec.ValidateRequest("PUT", "/collections/client_1_docs",
            """{"vectors":{"size":384,"distance":"Cosine"},"on_disk_payload":null}""");

        Assert.Empty(violations);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Accepts_named_vectors_in_a_collection_create_body()
    {
        var violations = Spec.ValidateRequest("PUT", "/collections/docs",
            """{"vectors":{"dense":{"size":4,"distance":"Dot"}}}""");

        Assert.Empty(violations);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Rejects_unknown_distance_with_a_json_path()
    {
        var violations = Spec.ValidateRequest("PUT", "/collections/docs",
            """{"vectors":{"size":"x","distance":"Cosinus"}}""");

        var lines = violations.Select(v => v.ToString()).ToList();
        Assert.Contains("$.vectors.size: expected integer, got string", lines);
        Assert.Contains(lines, l => l.StartsWith("$.vectors.distance: \"Cosinus\" is not one of \"Cosine\""));
        Assert.Equal(2, lines.Count);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Rejects_a_negative_vector_size_as_below_minimum()
    {
        var violations = Spec.ValidateRequest("PUT", "/collections/docs", """{"vectors":{"size":-3,"distance":"Dot"}}""");

        Assert.Contains(violations, v => v.Path == "$.vectors.size" && v.Message.Contains("minimum 1"));
        Assert.Contains(violations, v => v.Path == "$.vectors.size" && v.Message.Contains("out of range for format uint64"));
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Accepts_an_upsert_with_uuid_and_integer_ids_and_a_wait_query()
    {
        var body = """
            {"points":[
              {"id":"550e8400-e29b-41d4-a716-446655440000","vector":[0.1,0.2],"payload":{"tenant":"t1"}},
              {"id":7,"vector":[0.3,0.4]}]}
            """;

        Assert.Empty(Spec.ValidateRequest("PUT", "/collections/client_1_docs/points?wait=true", body));
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Rejects_a_string_vector_with_the_point_index_in_the_path()
    {
        var violations = Spec.ValidateRequest("PUT", "/collections/docs/points",
            """{"points":[{"id":1,"vector":[1.0]},{"id":2,"vector":"oops"}]}""");

        var violation = Assert.Single(violations);
        Assert.Equal("$.points[1].vector", violation.Path);
        Assert.Equal("expected array or object, got string", violation.Message);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Rejects_a_point_id_that_is_neither_uuid_nor_unsigned()
    {
        var violations = Spec.ValidateRequest("PUT", "/collections/docs/points",
            """{"points":[{"id":"not-a-uuid","vector":[1.0]}]}""");

        Assert.Equal("$.points[0].id: \"not-a-uuid\" is not a uuid", Assert.Single(violations).ToString());
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Rejects_a_query_parameter_of_the_wrong_type()
    {
        var violations = Spec.ValidateRequest("PUT", "/collections/docs/points?wait=yes", """{"points":[]}""");

        Assert.Equal("query.wait: expected boolean, got string", Assert.Single(violations).ToString());
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Rejects_an_undeclared_query_parameter()
    {
        var violations = Spec.ValidateRequest("PUT", "/collections/docs/points?wiat=true", """{"points":[]}""");

        Assert.Equal("query.wiat", Assert.Single(violations).Path);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Accepts_an_error_body_for_a_4xx_status()
    {
        var violations = Spec.ValidateResponse("PUT", "/collections/docs", 400,
            """{"status":{"error":"Wrong input: Vector dimension error"},"time":0.001,"result":null}""");

        Assert.Empty(violations);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Rejects_an_error_body_whose_status_is_a_string()
    {
        var violations = Spec.ValidateResponse("PUT", "/collections/docs", 404, """{"status":"error","time":0.001}""");

        Assert.Equal("$.status: expected object, got string", Assert.Single(violations).ToString());
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Validates_a_successful_create_response()
    {
        Assert.Empty(Spec.ValidateResponse("PUT", "/collections/docs", 200, """{"result":true,"status":"ok","time":0.2}"""));
        Assert.Equal("$.result: expected boolean, got string",
            Assert.Single(Spec.ValidateResponse("PUT", "/collections/docs", 200, """{"result":"yes","status":"ok"}""")).ToString());
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Rejects_a_non_null_value_where_qdrant_allows_an_object_or_null()
    {
        var violations = Spec.ValidateRequest("PUT", "/collections/docs",
            """{"vectors":{"size":4,"distance":"Dot"},"hnsw_config":"fast"}""");

        Assert.Equal("$.hnsw_config: expected object or null, got string", Assert.Single(violations).ToString());
    }
}
