using System.Net;
using System.Text;
using Pulse.Testing.Http;

namespace Pulse.Core.Tests.Testing;

public class LoopbackHttpServerTests
{
    [Fact]
    public async Task Answers_over_real_http_and_records_the_request_with_its_body()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => LoopbackResponse.Json("""{"ok":true}""", 201));
        using var client = server.CreateClient();

        using var response = await client.PutAsync("/collections/docs/points?wait=true",
            new StringContent("""{"points":[]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
        var request = Assert.Single(server.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/collections/docs/points?wait=true", request.PathAndQuery);
        Assert.Equal("/collections/docs/points", request.Path);
        Assert.Equal("wait=true", request.Query);
        Assert.Equal("""{"points":[]}""", request.Body);
        Assert.StartsWith("application/json", request.Header("content-type"));
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
    }

    [Fact]
    public async Task Records_concurrent_requests_without_losing_any()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => LoopbackResponse.Text(r.Path));
        using var client = server.CreateClient();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => client.GetStringAsync($"/item/{i}")));

        Assert.Equal(20, server.Requests.Select(r => r.Path).Distinct().Count());
    }

    [Fact]
    public async Task Dropping_the_connection_fails_the_client_request()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => LoopbackResponse.Drop());
        using var client = server.CreateClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/health"));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_delayed_answer_trips_the_client_timeout()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => LoopbackResponse.Text("late").After(TimeSpan.FromSeconds(10)));
        using var client = server.CreateClient(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<TaskCanceledException>(() => client.GetAsync("/slow"));
    }

    [Fact]
    public async Task Swapping_the_handler_changes_later_answers()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => LoopbackResponse.Status(503));
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/")).StatusCode);

        server.Respond(_ => Task.FromResult(LoopbackResponse.Text("up")));

        Assert.Equal("up", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_throwing_handler_answers_500_with_the_exception()
    {
        await using var server = await LoopbackHttpServer.StartAsync(
            new Func<RecordedRequest, LoopbackResponse>(_ => throw new InvalidOperationException("boom")));
        using var client = server.CreateClient();

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("boom", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_unused_address_refuses_connections()
    {
        using var client = new HttpClient { BaseAddress = LoopbackHttpServer.UnusedAddress() };

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("/"));
    }
}
