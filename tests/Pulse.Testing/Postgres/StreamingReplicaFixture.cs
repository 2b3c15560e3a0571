using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Core.Data.Postgres;
using Xunit;

namespace Pulse.Testing.Postgres;

/// <summary>
/// A primary and a real streaming replica made from the machine's PostgreSQL binaries, for one test class
/// (<c>IClassFixture</c>): the primary is a throwaway embedded cluster (wal_level=replica, a replication line in
/// pg_hba.conf), the replica is <c>pg_basebackup -R</c> of it in a second data folder, started as a hot standby on
/// another loopback port. Tests stop and start the replica; <see cref="DisposeAsync"/> stops both servers (only the
/// postmasters of these two data folders) and deletes the folders.
/// </summary>
public sealed class StreamingReplicaFixture : IAsyncLifetime
{
    /// <summary>The database the fixture creates on the primary (replicated like everything else).</summary>
    public const string Database = "pulse";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"pulse-test-replica-{Guid.NewGuid():N}");
    private EmbeddedPostgresServer _primary = null!;
    private string _bin = "";
    private string _password = "";

    /// <summary>The replica's data folder.</summary>
    public string ReplicaDirectory => Path.Combine(_root, "replica");

    /// <summary>The primary's TCP port on 127.0.0.1.</summary>
    public int PrimaryPort => _primary.Port;

    /// <summary>The replica's TCP port on 127.0.0.1 (the same across stops and starts).</summary>
    public int ReplicaPort { get; private set; }

    /// <summary>True between <see cref="StartReplicaAsync"/> and <see cref="StopReplicaImmediatelyAsync"/>.</summary>
    public bool ReplicaRunning { get; private set; }

    /// <summary>How long the replica took to be made and reach a consistent, caught-up state (for the report).</summary>
    public TimeSpan StartupTime { get; private set; }

    public string PrimaryConnectionString => _primary.ConnectionString(Database);

    /// <summary>The replica's connection string; a short connect timeout so a stopped replica is noticed quickly.</summary>
    public string ReplicaConnectionString => new NpgsqlConnectionStringBuilder(PrimaryConnectionString) { Port = ReplicaPort, Timeout = 3 }.ConnectionString;

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        _bin = PostgresBinaries.Locate();
        Directory.CreateDirectory(_root);
        _primary = new EmbeddedPostgresServer(Path.Combine(_root, "primary"), NullLogger.Instance);
        try
        {
            await _primary.StartAsync(Database);
            _password = new NpgsqlConnectionStringBuilder(PrimaryConnectionString).Password!;

            await PreparePrimaryForStreamingAsync();
            await BaseBackupAsync();
            ReplicaPort = FreePort();
            await StartReplicaAsync();
        }
        catch
        {
            // A fixture that failed to start is not disposed by xunit: stop what did start and delete the folders.
            await DisposeAsync();
            throw;
        }
        StartupTime = clock.Elapsed;
    }

    /// <summary>wal_level=replica (the default since PostgreSQL 10, set when the cluster says otherwise) and a replication line in pg_hba.conf.</summary>
    private async Task PreparePrimaryForStreamingAsync()
    {
        var hba = Path.Combine(_primary.ClusterDirectory, "pg_hba.conf");
        const string Line = "host    replication     pulse           127.0.0.1/32            scram-sha-256";
        if (!(await File.ReadAllLinesAsync(hba)).Any(l => l.Trim().StartsWith("host", StringComparison.Ordinal) && l.Contains(" replication ", StringComparison.Ordinal) && l.Contains("127.0.0.1/32", StringComparison.Ordinal)))
            await File.AppendAllTextAsync(hba, Line + "\n");

        await using var connection = new NpgsqlConnection(AdminConnectionString(PrimaryPort));
        await connection.OpenAsync();
        await ExecuteAsync(connection, "SELECT pg_reload_conf()");
        var walLevel = (string)(await new NpgsqlCommand("SHOW wal_level", connection).ExecuteScalarAsync())!;
        var senders = int.Parse((string)(await new NpgsqlCommand("SHOW max_wal_senders", connection).ExecuteScalarAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        if (walLevel is "replica" or "logical" && senders >= 2) return;

        await ExecuteAsync(connection, "ALTER SYSTEM SET wal_level = 'replica'");
        await ExecuteAsync(connection, "ALTER SYSTEM SET max_wal_senders = 5");
        await connection.CloseAsync();
        NpgsqlConnection.ClearAllPools();
        await _primary.StopAsync();
        await _primary.StartAsync(Database);
    }

    private async Task BaseBackupAsync()
    {
        Directory.CreateDirectory(ReplicaDirectory);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(ReplicaDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await ProcessRunner.GiveToPostgresAsync(ReplicaDirectory, CancellationToken.None);
        // The embedded server writes its state file (port, password) as the portal's user; as root that leaves a file in
        // the cluster that the postgres user cannot read, and pg_basebackup, which copies every file, would fail on it.
        await ProcessRunner.GiveToPostgresAsync(Path.Combine(_primary.ClusterDirectory, "pulse_embedded.json"), CancellationToken.None);
        // -R writes standby.signal and primary_conninfo (with this password) into the copy; -X stream brings the WAL
        // written during the copy; -c fast does not wait for a scheduled checkpoint.
        var source = $"host=127.0.0.1 port={PrimaryPort} user=pulse password={_password}";
        var (code, output) = await ProcessRunner.RunAsync(Path.Combine(_bin, "pg_basebackup"),
            ["-D", ReplicaDirectory, "-R", "-X", "stream", "-c", "fast", "-d", source], CancellationToken.None);
        if (code != 0) throw new InvalidOperationException($"pg_basebackup failed: {output.Replace(_password, "***", StringComparison.Ordinal)}");
        // The copy carries the primary's server log; the replica writes its own.
        File.Delete(Path.Combine(ReplicaDirectory, "server.log"));
    }

    /// <summary>Starts the replica as a hot standby on <see cref="ReplicaPort"/> and waits until it has replayed everything the primary wrote.</summary>
    public async Task StartReplicaAsync()
    {
        var log = Path.Combine(ReplicaDirectory, "server.log");
        var options = $"-c listen_addresses=127.0.0.1 -p {ReplicaPort} -c unix_socket_directories='' -c max_connections=200 -c hot_standby=on";
        var (code, output) = await ProcessRunner.RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["start", "-D", ReplicaDirectory, "-l", log, "-w", "-t", "60", "-o", options], CancellationToken.None);
        if (code != 0)
        {
            var tail = File.Exists(log) ? string.Join('\n', File.ReadAllLines(log).TakeLast(10)) : "";
            throw new InvalidOperationException($"The replica did not start on port {ReplicaPort}: {output}\n{tail}");
        }
        ReplicaRunning = true;
        await WaitForReplayAsync();
    }

    /// <summary>Stops the replica the way a crash would (<c>pg_ctl stop -m immediate</c>): its sessions are cut at once.</summary>
    public async Task StopReplicaImmediatelyAsync()
    {
        if (!File.Exists(Path.Combine(ReplicaDirectory, "postmaster.pid"))) { ReplicaRunning = false; return; }
        var (code, output) = await ProcessRunner.RunAsync(Path.Combine(_bin, "pg_ctl"),
            ["stop", "-D", ReplicaDirectory, "-m", "immediate", "-w", "-t", "60"], CancellationToken.None);
        if (code != 0 && File.Exists(Path.Combine(ReplicaDirectory, "postmaster.pid")))
            throw new InvalidOperationException($"pg_ctl stop -m immediate failed for the replica: {output}");
        ReplicaRunning = false;
    }

    /// <summary>
    /// Waits until the replica streams from the primary (pg_stat_replication) and has replayed the primary's current
    /// WAL position, so anything committed on the primary before this call is visible on the replica.
    /// </summary>
    public async Task WaitForReplayAsync()
    {
        var clock = Stopwatch.StartNew();
        string target;
        await using (var primary = new NpgsqlConnection(AdminConnectionString(PrimaryPort)))
        {
            await primary.OpenAsync();
            target = (string)(await new NpgsqlCommand("SELECT pg_current_wal_lsn()::text", primary).ExecuteScalarAsync())!;
        }
        var last = "no answer";
        while (clock.Elapsed < Patience)
        {
            try
            {
                await using var primary = new NpgsqlConnection(AdminConnectionString(PrimaryPort));
                await primary.OpenAsync();
                var streaming = (long)(await new NpgsqlCommand("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'", primary).ExecuteScalarAsync())!;
                await using var replica = new NpgsqlConnection(AdminConnectionString(ReplicaPort));
                await replica.OpenAsync();
                await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= $1::pg_lsn", replica) { Parameters = { new() { Value = target } } };
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                var (inRecovery, replayed) = (reader.GetBoolean(0), !reader.IsDBNull(1) && reader.GetBoolean(1));
                if (!inRecovery) throw new InvalidOperationException("The replica is not in recovery: it was promoted or is not a standby.");
                if (streaming > 0 && replayed) return;
                last = $"streaming senders {streaming}, replayed up to {target}: {replayed}";
            }
            catch (NpgsqlException ex)
            {
                last = ex.Message;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The replica did not catch up with the primary within {Patience.TotalSeconds:0} s ({last}).");
    }

    /// <summary>Unpooled: the replica is stopped and started under the tests, and a pooled connection would outlive it.</summary>
    private string AdminConnectionString(int port) =>
        new NpgsqlConnectionStringBuilder(PrimaryConnectionString) { Port = port, Database = "postgres", Pooling = false, Timeout = 5 }.ConnectionString;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopReplicaImmediatelyAsync();
        }
        finally
        {
            if (_primary is not null) await _primary.StopAsync();
            TestFolders.TryDelete(_root);
        }
    }
}
