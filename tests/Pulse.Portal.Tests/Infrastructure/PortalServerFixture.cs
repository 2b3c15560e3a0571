using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pulse.Core.Data;

namespace Pulse.Portal.Tests.Infrastructure;

/// <summary>
/// Hosts the real portal on Kestrel on a loopback port for the whole collection: its own data folder,
/// the embedded PostgreSQL cluster (or a fresh database on PULSE_TEST_POSTGRES) and the demo seed.
/// Ready once /readyz answers 200.
/// </summary>
public class PortalServerFixture : IAsyncLifetime
{
    /// <summary>Set to a PostgreSQL connection string to test against that server instead of the embedded cluster.</summary>
    public const string PostgresVariable = "PULSE_TEST_POSTGRES";

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"pulse-portal-tests-{Guid.NewGuid():N}");
    private PortalApplicationFactory? _factory;
    private string? _externalServer;
    private string? _externalDatabase;

    /// <summary>The portal's root, e.g. http://127.0.0.1:41234/ (with the path base when there is one: .../pulse/).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The server's own root, outside any path base.</summary>
    public Uri ServerAddress { get; private set; } = null!;

    /// <summary>Pulse:PathBase for this host (e.g. /pulse); empty serves the portal at the root.</summary>
    protected virtual string PathBase => "";

    /// <summary>The folder the portal keeps its data in (the embedded cluster's parent is derived from it).</summary>
    protected string DataFolder => _dataFolder;

    /// <summary>The host environment (Development: the demo password shows on the sign-in page).</summary>
    protected virtual string EnvironmentName => "Development";

    /// <summary>Lets a subclass change the settings before the portal starts.</summary>
    protected virtual Task ConfigureAsync(Dictionary<string, string?> settings) => Task.CompletedTask;

    /// <summary>Lets a subclass release what <see cref="ConfigureAsync"/> started, after the portal stopped.</summary>
    protected virtual Task ReleaseAsync() => Task.CompletedTask;

    /// <summary>The running portal's services, for arranging data a test needs (never for asserting through the back door).</summary>
    public IServiceProvider Services => _factory!.Services;

    /// <summary>The demo accounts' password.</summary>
    public string DemoPassword => new DatabaseOptions().DemoPassword;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pulse:DataFolder"] = _dataFolder,
            ["Pulse:SeedDemo"] = "true",
            ["Pulse:KeepEmbeddedServerRunning"] = "false",
            // Every test signs in from 127.0.0.1; the throttle itself is tested in LoginThrottlingTests.
            ["Pulse:Security:LoginAttemptsPerMinute"] = "0",
        };
        if (PathBase.Length > 0) settings["Pulse:PathBase"] = PathBase;
        _externalServer = Environment.GetEnvironmentVariable(PostgresVariable);
        if (!string.IsNullOrWhiteSpace(_externalServer))
            settings["ConnectionStrings:Primary"] = await CreateFreshDatabaseAsync(_externalServer);

        await ConfigureAsync(settings);
        _factory = new PortalApplicationFactory(settings, EnvironmentName);
        // Port 0: Kestrel picks a free port, so parallel runs on one machine never collide.
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        ServerAddress = new Uri(address.TrimEnd('/') + "/");
        BaseAddress = new Uri(address.TrimEnd('/') + PathBase + "/");
        await WaitUntilReadyAsync();
    }

    /// <summary>An HTTP client for the portal that does not follow redirects, so tests can see them.</summary>
    public HttpClient CreateClient(bool followRedirects = false, CookieContainer? cookies = null) =>
        new(new HttpClientHandler
        {
            AllowAutoRedirect = followRedirects,
            UseCookies = cookies is not null,
            CookieContainer = cookies ?? new CookieContainer(),
        })
        { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    private async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < ReadyTimeout)
        {
            try
            {
                using var response = await client.GetAsync("readyz");
                last = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The portal at {BaseAddress} was not ready within {ReadyTimeout.TotalSeconds:0} s; last /readyz answer: {last}");
    }

    public async Task DisposeAsync()
    {
        // The last thing before the portal stops, after every test of the collection ran: nothing shaped like a provider
        // key or an API key token is stored or logged in plaintext. A finding fails the run (as a collection cleanup failure).
        var leaks = _factory is not null && BaseAddress is not null ? await this.CredentialShapedPlaintextAsync() : [];
        // Stopping the host stops the embedded cluster (DatabaseStartupService.StopAsync).
        if (_factory is not null) await _factory.DisposeAsync();
        await ReleaseAsync();
        if (_externalServer is not null && _externalDatabase is not null) await DropDatabaseAsync(_externalServer, _externalDatabase);
        var clusterParent = Path.GetDirectoryName(new DatabaseOptions { DataFolder = _dataFolder }.EmbeddedClusterFolder())!;
        TryDelete(clusterParent);
        TryDelete(_dataFolder);
        if (leaks.Count > 0)
            throw new InvalidOperationException("Credential-shaped plaintext left behind by the tests of this portal: " + string.Join(", ", leaks));
    }

    private async Task<string> CreateFreshDatabaseAsync(string server)
    {
        _externalDatabase = $"pulse_portal_tests_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{_externalDatabase}\"", connection))
            await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = _externalDatabase }.ConnectionString;
    }

    private static async Task DropDatabaseAsync(string server, string database)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static void TryDelete(string folder)
    {
        // Only folders this fixture named: the data folder and the cluster's parent derived from it.
        if (!folder.Contains("pulse-portal-tests-", StringComparison.Ordinal) || !Directory.Exists(folder)) return;
        try { Directory.Delete(folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
