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

    [SpecFact(SpecsFolder.Qdrant)]
    public async Task A_strict_server_reports_a_request_key_the_spec_does_not_declare_but_not_extra_response_fields()
    {
        const string answer = """{"result":{"points":[],"served_by":"node-2"},"status":"ok","time":0.01}""";
        await using var strict = await SpecCheckedServer.StartAsync(PublishedSpecs.Qdrant, _ => Task.FromResult(LoopbackResponse.Json(answer)), strictRequests: true);
        await using var lenient = await SpecCheckedServer.StartAsync(PublishedSpecs.Qdrant, _ => Task.FromResult(LoopbackResponse.Json(answer)));
        const string body = """{"query":[1,0],"limit":3,"with_payloads":true}""";

        using (var client = strict.Server.CreateClient())
        {
            await client.PostAsync("/collections/docs/points/query", Json(body));
        }

        using (var client = lenient.Server.CreateClient())
        {
            await client.PostAsync("/collections/docs/points/query", Json(body));
        }

        var failure = Assert.Throws<SpecViolationException>(strict.AssertTrafficMatchesSpec);
        Assert.Equal(
            ["POST /collections/docs/points/query: $.with_payloads: unknown property \"with_payloads\": no schema that applies here declares it (strict request check)"],
            failure.Violations);
        lenient.AssertTrafficMatchesSpec();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
