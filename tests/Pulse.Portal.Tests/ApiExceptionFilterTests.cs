using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pulse.Core.Data;
using Pulse.Core.VectorStore;
using Pulse.Portal.Endpoints.Api;

namespace Pulse.Portal.Tests;

/// <summary>
/// The API's exception filter over real HTTP on loopback, with handlers that fail the ways a real one can: what no
/// handler expected is a 500 problem body with a trace id and none of the exception's text; a database or vector store
/// that is down is a 503 problem with Retry-After. (The portal's own handlers cannot be made to throw on demand.)
/// </summary>
public sealed class ApiExceptionFilterTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        _app = builder.Build();
        var api = _app.MapGroup("/api/v1").AddEndpointFilter<ApiExceptionFilter>();
        api.MapGet("/bug", string () => throw new InvalidOperationException("connection string Password=hunter2 leaked"));
        api.MapGet("/database", string () => throw new DatabaseUnavailableException("PostgreSQL is not reachable."));
        api.MapGet("/store", string () => throw new VectorStoreException(VectorStoreErrorKind.Unavailable, "Qdrant is unreachable."));
        api.MapGet("/invalid", string () => throw new VectorStoreException(VectorStoreErrorKind.Internal, "Qdrant answered with an unexpected body."));
        api.MapGet("/fine", () => "ok");
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("/api/v1/bug")]
    [InlineData("/api/v1/invalid")]
    public async Task An_unexpected_exception_is_a_500_problem_with_a_trace_id_and_without_the_exceptions_text(string path)
    {
        using var response = await _client.GetAsync(path);

        var problem = await ProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("Internal error", problem.GetProperty("title").GetString());
        Assert.Contains("trace id", problem.GetProperty("detail").GetString());
        var body = problem.GetRawText();
        Assert.DoesNotContain("hunter2", body);
        Assert.DoesNotContain("unexpected body", body);
    }

    [Theory]
    [InlineData("/api/v1/database", "The database is not answering")]
    [InlineData("/api/v1/store", "The vector store is not answering")]
    public async Task A_service_that_is_down_is_a_503_problem_with_retry_after(string path, string words)
    {
        using var response = await _client.GetAsync(path);

        var problem = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Contains(words, problem.GetProperty("detail").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
    }

    [Fact]
    public async Task A_handler_that_succeeds_is_left_alone()
    {
        Assert.Equal("ok", await _client.GetStringAsync("/api/v1/fine"));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
