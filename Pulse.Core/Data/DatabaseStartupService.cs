using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Core.Data.Migrations;
using Pulse.Core.Data.Postgres;
using Pulse.Core.Demo;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Data;

/// <summary>
/// Brings the database up in the background so the portal answers (and /readyz reports) while it waits:
/// starts the embedded cluster when no primary is configured, applies migrations, creates the first platform admin when configured, seeds the demo.
/// An unreachable server is retried with back-off; a migration that needs a person stops the portal.
/// </summary>
public sealed partial class DatabaseStartupService(
    PulseDatabase database,
    IOptions<DatabaseOptions> options,
    IServiceScopeFactory scopes,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];
    private readonly ILogger _logger = loggers.CreateLogger<DatabaseStartupService>();
    private EmbeddedPostgresServer? _embedded;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 0; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await BringUpAsync(stoppingToken);
                database.SetStatus(DatabaseStatus.Ready, null);
                LogReady();
                break;
            }
            catch (MigrationException ex)
            {
                database.SetStatus(DatabaseStatus.Failed, ex.Message);
                LogMigrationFailed(ex.Message);
                Environment.ExitCode = 3;
                lifetime.StopApplication();
                return;
            }
            catch (Exception ex) when (IsUnreachable(ex) && !stoppingToken.IsCancellationRequested)
            {
                var wait = Backoff[Math.Min(attempt, Backoff.Length - 1)];
                var message = $"PostgreSQL is not reachable ({Describe(ex)}); retrying in {wait.TotalSeconds:0} s.";
                database.SetStatus(DatabaseStatus.Unavailable, message);
                LogUnreachable(message);
                await Task.Delay(wait, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A bug or a broken server state: keep the portal up so /readyz and the pages can say what is wrong.
                database.SetStatus(DatabaseStatus.Failed, $"Database start-up failed: {ex.Message}");
                LogStartupFailed(ex);
                return;
            }
        }
        if (database.HasReplica) await ProbeReplicaAsync(stoppingToken);
    }

    private async Task BringUpAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (database.Status != DatabaseStatus.Ready && !IsConnected)
        {
            var primary = settings.Primary;
            if (settings.UsesEmbeddedServer)
            {
                _embedded ??= new EmbeddedPostgresServer(settings.EmbeddedClusterFolder(), loggers.CreateLogger<EmbeddedPostgresServer>());
                LogEmbedded(_embedded.ClusterDirectory);
                primary = await _embedded.StartAsync(settings.EmbeddedDatabase, cancellationToken);
            }
            database.Logger = loggers.CreateLogger<PulseDatabase>();
            database.Connect(primary!, settings.Replica);
        }
        database.SetStatus(DatabaseStatus.Starting, "Applying database migrations.");
        var runner = new MigrationRunner(MigrationCatalog.Embedded, loggers.CreateLogger<MigrationRunner>());
        if (settings.ApplyMigrationsAtStartup)
            await runner.ApplyAsync(database.Primary, cancellationToken);
        else if ((await runner.StatusAsync(database.Primary, cancellationToken)).FirstOrDefault(s => !s.Applied) is { } pending)
            throw new MigrationException($"Migration {pending.Version:D4}_{pending.Name} is pending and automatic migration is off. Run `migrate up`.");
        using (var scope = scopes.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AdminBootstrapper>().EnsureAdminAsync(cancellationToken);
            if (settings.ShouldSeedDemo)
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(cancellationToken);
        }
    }

    private bool IsConnected { get { try { _ = database.Primary; return true; } catch (DatabaseUnavailableException) { return false; } } }

    private async Task ProbeReplicaAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ReplicaProbeInterval;
        using var timer = new PeriodicTimer(interval > TimeSpan.Zero ? interval : TimeSpan.FromSeconds(15));
        do
        {
            try
            {
                await using var connection = await database.Replica!.OpenConnectionAsync(stoppingToken);
                await using var probe = new NpgsqlCommand("SELECT 1", connection);
                await probe.ExecuteScalarAsync(stoppingToken);
                database.SetReplicaHealthy(true);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                if (!database.ReadsFallBackToPrimary) LogReplicaDown(ex.Message);
                database.SetReplicaHealthy(false);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_embedded is not null && !options.Value.KeepEmbeddedServerRunning)
            await _embedded.StopAsync(cancellationToken);
    }

    private static bool IsUnreachable(Exception ex) =>
        ex is NpgsqlException or EmbeddedPostgresException or TimeoutException or System.Net.Sockets.SocketException or DatabaseUnavailableException;

    private static string Describe(Exception ex) => ex is PostgresException pg ? $"{pg.SqlState}: {pg.MessageText}" : ex.Message;

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "No primary connection string configured: using the local PostgreSQL cluster in {Directory}")]
    private partial void LogEmbedded(string directory);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Database ready")]
    private partial void LogReady();

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "{Message}")]
    private partial void LogUnreachable(string message);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Critical, Message = "Start-up stopped: {Message}")]
    private partial void LogMigrationFailed(string message);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Error, Message = "Database start-up failed")]
    private partial void LogStartupFailed(Exception exception);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "The read replica is not reachable ({Reason}); reads fall back to the primary")]
    private partial void LogReplicaDown(string reason);
}
