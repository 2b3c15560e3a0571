using System.Text;
using Pulse.Testing.Http;
using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Testing;

public class SpecCheckedServerTests
{
    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Passes_traffic_that_follows_the_qdrant_spec()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.Qdrant,
            _ => Task.FromResult(LoopbackResponse.Json("""{"result":true,"status":"ok","time":0.01}""")));
        using var client = server.Server.CreateClient();

        await client.PutAsync("/collections/docs", Json("""{"vectors":{"size":4,"distance":"Cosine"}}"""));

        server.AssertTrafficMatchesSpec();
        server.Server.AllRequestsMatch(PublishedSpecs.Qdrant);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task Lists_request_and_response_violations_in_one_failure()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.Qdrant,
            _ => Task.FromResult(LoopbackResponse.Json("""{"result":"done","status":"ok"}""")));
        using var client = server.Server.CreateClient();

        await client.PutAsync("/collections/docs", Json("""{"vectors":{"size":4,"distance":"Cosinus"}}"""));

        var failure = Assert.Throws<SpecViolationException>(server.AssertTrafficMatchesSpec);
        Assert.Equal(2, failure.Violations.Count);
        Assert.Contains("PUT /collections/docs: $.vectors.distance:", failure.Message);
        Assert.Contains("response 200 to PUT /collections/docs: $.result: expected boolean, got string", failure.Message);
        Assert.Contains("Qdrant", failure.Message);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
