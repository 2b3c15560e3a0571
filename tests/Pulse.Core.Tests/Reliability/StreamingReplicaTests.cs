using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.Probes;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;
using Xunit.Abstractions;

namespace Pulse.Core.Tests.Reliability;

/// <summary>
/// The read path against a real streaming replica (pg_basebackup of a real primary, a hot standby on its own port),
/// stopped with <c>pg_ctl stop -m immediate</c> and started again while Pulse.Core's own start-up service runs its
/// replica probe. The relay tests (<see cref="ReplicaFallbackTests"/>) cut a TCP path; these stop the server itself.
/// </summary>
public sealed class StreamingReplicaTests(StreamingReplicaFixture replica, ITestOutputHelper output) : IClassFixture<StreamingReplicaFixture>
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Reads_are_served_by_the_streaming_replica_and_see_rows_written_on_the_primary_after_replay()
    {
        output.WriteLine($"Primary and replica made and caught up in {replica.StartupTime.TotalSeconds:0.0} s.");
        await EnsureReplicaRunningAsync();
        await using var host = await CoreHost.StartAsync(replica);
        var database = host.Database;

        var server = await database.ReadAsync(WhoAnswersAsync);
        Assert.Equal((replica.ReplicaPort, true), server);
        Assert.False(database.ReadsFallBackToPrimary);

        // A row committed on the primary is on the replica once it has replayed that far, and the read path finds it there.
        var slug = $"replica-{Guid.NewGuid():N}"[..24];
        await using (var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform))
        {
            db.Tenants.Add(new Tenant { Name = "Written on the primary", Slug = slug });
            await db.SaveChangesAsync();
        }
        await replica.WaitForReplayAsync();
        var seen = await database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT name FROM tenants WHERE slug = $1", connection) { Parameters = { new() { Value = slug } } };
            return ((string?)await command.ExecuteScalarAsync(token), connection.Port, await InRecoveryAsync(connection, token));
        });
        Assert.Equal(("Written on the primary", replica.ReplicaPort, true), seen);

        // EF's read-only contexts use the replica too.
        await using (var db = new PulseDbContextFactory(database, SystemTenantContext.Platform).CreateReadOnlyDbContext())
        {
            Assert.Equal(replica.ReplicaPort, new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()).Port);
            Assert.Equal("Written on the primary", await db.Tenants.Where(t => t.Slug == slug).Select(t => t.Name).SingleAsync());
        }

        var health = await host.PostgresHealthAsync();
        Assert.Equal(HealthStatus.Green, health.Replica.Status);
        Assert.Contains("streaming", health.Replica.Reason, StringComparison.Ordinal);
        Assert.Equal(0, health.Replica.Figures.Single(f => f.Key == "reads_on_primary").Value);
        Assert.Equal(1, health.Primary.Figures.Single(f => f.Key == "streaming_replicas").Value);
    }

    [Fact]
    public async Task Stopping_the_replica_during_a_stream_of_reads_moves_them_to_the_primary_without_a_failed_read_and_health_says_so()
    {
        await EnsureReplicaRunningAsync();
        await using var host = await CoreHost.StartAsync(replica);
        var database = host.Database;
        var reads = new ReadStream(database);
        reads.Start();
        try
        {
            await reads.WaitForAsync(r => r.Count(a => a.Port == replica.ReplicaPort) >= 20, "20 reads served by the replica");

            var stopped = Stopwatch.StartNew();
            await replica.StopReplicaImmediatelyAsync();
            output.WriteLine($"pg_ctl stop -m immediate took {stopped.ElapsedMilliseconds} ms.");
            var servedBefore = reads.Answers.Count;
            await reads.WaitForAsync(r => r.Skip(servedBefore).Count(a => a.Port == replica.PrimaryPort) >= 20, "20 reads served by the primary after the stop");
        }
        finally
        {
            await reads.StopAsync();
        }

        Assert.Empty(reads.Failures);
        Assert.True(database.ReadsFallBackToPrimary);
        // Every answer came from the replica (in recovery) or from the primary (not), never from anywhere else.
        Assert.All(reads.Answers, a => Assert.Equal(a.Port == replica.ReplicaPort, a.InRecovery));
        var firstOnPrimary = reads.Answers.ToList().FindIndex(a => a.Port == replica.PrimaryPort);
        Assert.DoesNotContain(reads.Answers.Skip(firstOnPrimary), a => a.Port == replica.ReplicaPort);
        output.WriteLine($"{reads.Answers.Count} reads: {firstOnPrimary} on the replica, then {reads.Answers.Count - firstOnPrimary} on the primary; no failures.");

        await using (var connection = await database.OpenReadConnectionAsync())
            Assert.Equal(replica.PrimaryPort, connection.Port);

        // What the operations page shows: the replica row is red and says reads use the primary.
        var health = await host.PostgresHealthAsync();
        Assert.Equal(HealthStatus.Green, health.Primary.Status);
        Assert.Equal(HealthStatus.Red, health.Replica.Status);
        Assert.StartsWith("Unreachable", health.Replica.Reason, StringComparison.Ordinal);
        Assert.Contains("reads fall back to the primary", health.Replica.Reason, StringComparison.Ordinal);
        Assert.Equal(1, health.Replica.Figures.Single(f => f.Key == "reads_on_primary").Value);
    }

    [Fact]
    public async Task A_replica_started_again_serves_reads_after_the_next_probe()
    {
        await EnsureReplicaRunningAsync();
        await using var host = await CoreHost.StartAsync(replica);
        var database = host.Database;
        Assert.Equal((replica.ReplicaPort, true), await database.ReadAsync(WhoAnswersAsync));

        await replica.StopReplicaImmediatelyAsync();
        Assert.Equal((replica.PrimaryPort, false), await database.ReadAsync(WhoAnswersAsync));
        Assert.True(database.ReadsFallBackToPrimary);

        // Rows written while the replica is down reach it through streaming once it is back.
        var slug = $"back-{Guid.NewGuid():N}"[..24];
        await using (var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform))
        {
            db.Tenants.Add(new Tenant { Name = "Written while the replica was down", Slug = slug });
            await db.SaveChangesAsync();
        }

        var back = Stopwatch.StartNew();
        await replica.StartReplicaAsync(); // returns once it streams and has replayed the primary's WAL
        var started = back.Elapsed;
        while (database.ReadsFallBackToPrimary && back.Elapsed < TimeSpan.FromSeconds(20)) await Task.Delay(50);
        Assert.False(database.ReadsFallBackToPrimary, "The probe did not mark the replica up again within 20 s.");
        output.WriteLine($"Replica started and caught up in {started.TotalMilliseconds:0} ms; reads back on it {back.ElapsedMilliseconds} ms after the start began (probe every {ProbeInterval.TotalMilliseconds:0} ms).");
        Assert.True(back.Elapsed < TimeSpan.FromSeconds(5), $"Took {back.Elapsed.TotalSeconds:0.0} s with a probe every {ProbeInterval.TotalSeconds} s.");

        var seen = await database.ReadAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM tenants WHERE slug = $1", connection) { Parameters = { new() { Value = slug } } };
            return ((long)(await command.ExecuteScalarAsync(token))!, connection.Port, await InRecoveryAsync(connection, token));
        });
        Assert.Equal((1L, replica.ReplicaPort, true), seen);
        for (var i = 0; i < 10; i++) Assert.Equal((replica.ReplicaPort, true), await database.ReadAsync(WhoAnswersAsync));
        Assert.False(database.ReadsFallBackToPrimary);

        var health = await host.PostgresHealthAsync();
        Assert.Equal(HealthStatus.Green, health.Replica.Status);
        Assert.Equal(0, health.Replica.Figures.Single(f => f.Key == "reads_on_primary").Value);
    }

    [Fact]
    public async Task A_replica_the_probe_found_down_leaves_no_dead_pooled_connections_for_the_reads_after_it_is_back()
    {
        await EnsureReplicaRunningAsync();
        // No start-up service here: the test plays the probe, so nothing else changes the replica's state under it.
        await using var database = new PulseDatabase();
        database.Connect(replica.PrimaryConnectionString, replica.ReplicaConnectionString);
        database.SetStatus(DatabaseStatus.Ready, null);
        // Two reads at once leave two idle connections to the replica in its pool.
        var both = await Task.WhenAll(database.ReadAsync(SlowWhoAnswersAsync), database.ReadAsync(SlowWhoAnswersAsync));
        Assert.All(both, a => Assert.Equal((replica.ReplicaPort, true), a));

        await replica.StopReplicaImmediatelyAsync();
        database.SetReplicaHealthy(false); // the probe failed before any read noticed
        Assert.Equal((replica.PrimaryPort, false), await database.ReadAsync(WhoAnswersAsync));
        await replica.StartReplicaAsync();
        database.SetReplicaHealthy(true); // the probe passed

        // The first reads after the probe passed reach the replica: none of them trips over a connection to the old server.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal((replica.ReplicaPort, true), await database.ReadAsync(WhoAnswersAsync));
            Assert.False(database.ReadsFallBackToPrimary);
        }
    }

    private static async Task<(int Port, bool InRecovery)> SlowWhoAnswersAsync(NpgsqlConnection connection, CancellationToken token)
    {
        await using (var sleep = new NpgsqlCommand("SELECT pg_sleep(0.2)", connection)) await sleep.ExecuteNonQueryAsync(token);
        return await WhoAnswersAsync(connection, token);
    }

    private async Task EnsureReplicaRunningAsync()
    {
        if (!replica.ReplicaRunning) await replica.StartReplicaAsync();
        NpgsqlConnection.ClearAllPools();
    }

    private static async Task<(int Port, bool InRecovery)> WhoAnswersAsync(NpgsqlConnection connection, CancellationToken token) =>
        (connection.Port, await InRecoveryAsync(connection, token));

    private static async Task<bool> InRecoveryAsync(NpgsqlConnection connection, CancellationToken token)
    {
        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
        return (bool)(await command.ExecuteScalarAsync(token))!;
    }

    /// <summary>Reads through <see cref="PulseDatabase.ReadAsync{T}"/> back to back on two tasks, recording who answered and every failure.</summary>
    private sealed class ReadStream(PulseDatabase database)
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _readers = [];
        private readonly object _lock = new();
        private readonly List<(int Port, bool InRecovery)> _answers = [];

        public ConcurrentQueue<Exception> Failures { get; } = new();

        public IReadOnlyList<(int Port, bool InRecovery)> Answers { get { lock (_lock) return _answers.ToList(); } }

        public void Start()
        {
            for (var i = 0; i < 2; i++) _readers.Add(Task.Run(ReadLoopAsync));
        }

        private async Task ReadLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    // No cancellation token: a read is never abandoned half way, so every failure is a real one.
                    var answer = await database.ReadAsync(async (connection, token) =>
                    {
                        await using var command = new NpgsqlCommand("SELECT count(*) FROM tenants", connection);
                        await command.ExecuteScalarAsync(token);
                        return await WhoAnswersAsync(connection, token);
                    });
                    lock (_lock) _answers.Add(answer);
                }
                catch (Exception ex)
                {
                    Failures.Enqueue(ex);
                }
                await Task.Delay(5);
            }
        }

        public async Task WaitForAsync(Func<IReadOnlyList<(int Port, bool InRecovery)>, bool> condition, string what)
        {
            var clock = Stopwatch.StartNew();
            while (!condition(Answers))
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                    throw new TimeoutException($"Waited 30 s for {what}; {Answers.Count} answers, failures: {string.Join(" | ", Failures.Select(f => f.Message))}");
                await Task.Delay(20);
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_readers);
        }
    }

    /// <summary>Pulse.Core's real registration with the primary and the replica configured, brought up by its own start-up service (which runs the replica probe).</summary>
    private sealed class CoreHost : IAsyncDisposable
    {
        private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"pulse-replica-tests-{Guid.NewGuid():N}");
        private ServiceProvider _services = null!;
        private DatabaseStartupService _startup = null!;

        public PulseDatabase Database => _services.GetRequiredService<PulseDatabase>();

        public static async Task<CoreHost> StartAsync(StreamingReplicaFixture replica)
        {
            var host = new CoreHost();
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Primary"] = replica.PrimaryConnectionString,
                ["ConnectionStrings:Replica"] = replica.ReplicaConnectionString,
                ["Pulse:DataFolder"] = host._dataFolder,
                ["Pulse:SeedDemo"] = "false",
                ["Pulse:ReplicaProbeInterval"] = ProbeInterval.ToString(),
                ["Pulse:Operations:SamplerEnabled"] = "false",
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton<IHostApplicationLifetime, ApplicationLifetime>();
            services.AddPulseCore(configuration);
            services.AddScoped<ITenantContext>(_ => TestTenantContext.Admin());
            host._services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

            host._startup = host._services.GetServices<IHostedService>().OfType<DatabaseStartupService>().Single();
            await host._startup.StartAsync(CancellationToken.None);
            var database = host.Database;
            var clock = Stopwatch.StartNew();
            while (database.Status is DatabaseStatus.Starting or DatabaseStatus.Unavailable && clock.Elapsed < TimeSpan.FromSeconds(90))
                await Task.Delay(50);
            Assert.True(database.Status == DatabaseStatus.Ready, database.StatusMessage);
            // Migrations ran on the primary; the replica must have replayed them before reads go there.
            await replica.WaitForReplayAsync();
            return host;
        }

        public async Task<(HealthRow Primary, HealthRow Replica)> PostgresHealthAsync()
        {
            var rows = await _services.GetServices<IHealthSource>().OfType<PostgresHealthSource>().Single().ProbeAsync(CancellationToken.None);
            return (rows.Single(r => r.Name == "Primary"), rows.Single(r => r.Name == "Replica"));
        }

        public async ValueTask DisposeAsync()
        {
            await _startup.StopAsync(CancellationToken.None);
            await _services.DisposeAsync();
            try { Directory.Delete(_dataFolder, recursive: true); }
            catch (DirectoryNotFoundException) { }
        }
    }
}
