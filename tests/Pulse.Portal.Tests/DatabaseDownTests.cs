using System.Net;
using System.Net.Sockets;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests;

/// <summary>A database that is down at start-up: the portal stays up, says why on /readyz, and keeps retrying.</summary>
public sealed class DatabaseDownTests : IAsyncLifetime
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"pulse-portal-dbdown-{Guid.NewGuid():N}");
    private PortalApplicationFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = new PortalApplicationFactory(new Dictionary<string, string?>
        {
            ["Pulse:DataFolder"] = _dataFolder,
            ["ConnectionStrings:Primary"] = $"Host=127.0.0.1;Port={UnusedPort()};Database=pulse;Username=pulse;Password=x;Timeout=2",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true);
    }

    [Fact]
    public async Task The_portal_answers_and_readyz_reports_the_unreachable_database_while_it_retries()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });

        Assert.Equal("ok", await client.GetStringAsync("/healthz"));
        string body = "";
        for (var i = 0; i < 40 && !body.Contains("not reachable"); i++)
        {
            using var response = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            body = await response.Content.ReadAsStringAsync();
            if (!body.Contains("not reachable")) await Task.Delay(250);
        }
        Assert.Contains("PostgreSQL is not reachable", body);
        Assert.Contains("retrying", body);
        using var login = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task An_api_key_that_cannot_be_checked_while_the_database_is_down_gets_503_problem_details_not_401()
    {
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", "pulse_abcdefghijkm_" + new string('x', 43));

        using var response = await client.GetAsync("/api/v1/collections");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.RetryAfter);
        using var problem = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("database is not answering", problem.RootElement.GetProperty("detail").GetString());
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
