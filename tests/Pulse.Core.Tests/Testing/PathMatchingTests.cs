using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Testing;

public class PathMatchingTests
{
    private const string Document = """
        {"openapi":"3.0.1","paths":{
          "/collections/{collection_name}/points":{"put":{"operationId":"upsert"},"post":{"operationId":"get_points"}},
          "/collections/{collection_name}/points/{id}":{"get":{"operationId":"get_point"}},
          "/collections/{collection_name}/points/count":{"post":{"operationId":"count"}}}}
        """;

    private readonly OpenApiSpec _spec = OpenApiSpec.Parse(Document);

    [Fact]
    public void Matches_a_template_and_takes_the_query_string_apart()
    {
        var match = _spec.Match("put", "/collections/client_1_docs/points?wait=true&ordering=weak&tag=a&tag=b%20c");

        Assert.NotNull(match);
        Assert.Equal("PUT", match.Method);
        Assert.Equal("/collections/{collection_name}/points", match.PathTemplate);
        Assert.Equal("upsert", match.OperationId);
        Assert.Equal("client_1_docs", match.PathParameters["collection_name"]);
        Assert.Equal(["true"], match.Query["wait"]);
        Assert.Equal(["a", "b c"], match.Query["tag"]);
    }

    [Fact]
    public void Prefers_literal_segments_over_parameters()
    {
        Assert.Equal("count", _spec.Match("POST", "/collections/docs/points/count")?.OperationId);
        Assert.Equal("get_point", _spec.Match("GET", "/collections/docs/points/42")?.OperationId);
    }

    [Fact]
    public void Unescapes_path_parameters()
    {
        Assert.Equal("my docs", _spec.Match("PUT", "/collections/my%20docs/points")?.PathParameters["collection_name"]);
    }

    [Fact]
    public void Returns_null_for_an_unknown_method_or_path()
    {
        Assert.Null(_spec.Match("DELETE", "/collections/docs/points"));
        Assert.Null(_spec.Match("PUT", "/collections/docs"));
        Assert.Equal("PUT /nowhere", Assert.Single(_spec.ValidateRequest("PUT", "/nowhere", null)).Path);
    }

    [Fact]
    public void Strips_a_base_path_before_matching()
    {
        var spec = OpenApiSpec.Parse(Document, basePath: "/v1/");

        Assert.Equal("upsert", spec.Match("PUT", "/v1/collections/a/points")?.OperationId);
    }
}
