using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pulse.Core.Data.Postgres;

/// <summary>
/// A PostgreSQL cluster of its own, created with the machine's binaries in a folder this process owns,
/// listening on 127.0.0.1 only, with a generated password. The portal uses it when no primary
/// connection string is configured; the test suite uses it for a throwaway server. Started again on
/// the next run from the same folder, with the same port and password.
/// </summary>
public sealed partial class EmbeddedPostgresServer(string clusterDirectory, ILogger logger)
{
    private const string StateFile = "pulse_embedded.json";
    private const string SuperUser = "pulse";

    /// <summary>The cluster's data folder (PGDATA).</summary>
    public string ClusterDirectory { get; } = Path.GetFullPath(clusterDirectory);

    /// <summary>The TCP port on 127.0.0.1 once started.</summary>
    public int Port { get; private set; }

    /// <summary>True when <see cref="StartAsync"/> started the server (false when it found it running).</summary>
    public bool StartedHere { get; private set; }

    private string _password = "";

    /// <summary>Creates the cluster when needed, starts it unless it already runs, and returns a connection string for <paramref name="database"/> (created when missing).</summary>
    public async Task<string> StartAsync(string database, CancellationToken cancellationToken = default)
    {
        var bin = PostgresBinaries.Locate();
        if (!File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION")))
            await InitializeAsync(bin, cancellationToken);
        LoadState();

        if (await IsRunningAsync(bin, cancellationToken) && await AcceptsConnectionsAsync(cancellationToken))
        {
            LogReused(ClusterDirectory, Port);
        }
        else
        {
            if (!IsPortFree(Port)) { Port = FreePort(); SaveState(); }
            await StartServerAsync(bin, cancellationToken);
            StartedHere = true;
            LogStarted(ClusterDirectory, Port);
        }
        await EnsureDatabaseAsync(database, cancellationToken);
        return ConnectionString(database);
    }

    /// <summary>Stops the server (fast shutdown: open sessions are ended, committed work is kept).</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(ClusterDirectory, "postmaster.pid"))) return;
        var bin = PostgresBinaries.Locate();
        var (code, output) = await ProcessRunner.RunAsync(Path.Combine(bin, "pg_ctl"), ["stop", "-D", ClusterDirectory, "-m", "fast", "-w", "-t", "60"], cancellationToken);
        if (code != 0 && File.Exists(Path.Combine(ClusterDirectory, "postmaster.pid")))
            throw new EmbeddedPostgresException($"pg_ctl stop failed for {ClusterDirectory}: {output}");
    }

    /// <summary>
    /// Stops the server the way a crash would (immediate shutdown: sessions cut, no checkpoint; the next start
    /// recovers from the write-ahead log). For fault tests and emergencies.
    /// </summary>
    public async Task StopImmediatelyAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(ClusterDirectory, "postmaster.pid"))) return;
        var (code, output) = await ProcessRunner.RunAsync(Path.Combine(PostgresBinaries.Locate(), "pg_ctl"),
            ["stop", "-D", ClusterDirectory, "-m", "immediate", "-w", "-t", "60"], cancellationToken);
        if (code != 0 && File.Exists(Path.Combine(ClusterDirectory, "postmaster.pid")))
            throw new EmbeddedPostgresException($"pg_ctl stop -m immediate failed for {ClusterDirectory}: {output}");
    }

    /// <summary>A connection string for a database on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = SuperUser, Password = _password, Database = database,
    }.ConnectionString;

    private async Task InitializeAsync(string bin, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(ClusterDirectory);
        if (Directory.EnumerateFileSystemEntries(ClusterDirectory).Any())
            throw new EmbeddedPostgresException($"{ClusterDirectory} is not empty and holds no PostgreSQL cluster; choose another data folder.");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(ClusterDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await ProcessRunner.GiveToPostgresAsync(ClusterDirectory, cancellationToken);

        _password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        // initdb reads the password from a file; it lives outside the cluster folder only for the call.
        var passwordFile = Path.Combine(Path.GetTempPath(), $"pulse-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(passwordFile, _password, cancellationToken);
        try
        {
            await ProcessRunner.GiveToPostgresAsync(passwordFile, cancellationToken);
            var (code, output) = await ProcessRunner.RunAsync(Path.Combine(bin, "initdb"),
                ["-D", ClusterDirectory, "-U", SuperUser, $"--pwfile={passwordFile}", "--auth-local=scram-sha-256",
                 "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], cancellationToken);
            if (code != 0) throw new EmbeddedPostgresException($"initdb failed in {ClusterDirectory}: {output}");
        }
        finally
        {
            File.Delete(passwordFile);
        }
        Port = FreePort();
        SaveState();
        LogInitialized(ClusterDirectory);
    }

    private async Task StartServerAsync(string bin, CancellationToken cancellationToken)
    {
        var logFile = Path.Combine(ClusterDirectory, "server.log");
        var options = $"-c listen_addresses=127.0.0.1 -p {Port} -c unix_socket_directories='' -c max_connections=200";
        var (code, output) = await ProcessRunner.RunAsync(Path.Combine(bin, "pg_ctl"),
            ["start", "-D", ClusterDirectory, "-l", logFile, "-w", "-t", "60", "-o", options], cancellationToken);
        if (code != 0)
        {
            var tail = File.Exists(logFile) ? string.Join('\n', (await File.ReadAllLinesAsync(logFile, cancellationToken)).TakeLast(8)) : "";
            throw new EmbeddedPostgresException($"PostgreSQL did not start from {ClusterDirectory} on port {Port}: {output}\n{tail}".Trim());
        }
    }

    private async Task<bool> IsRunningAsync(string bin, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(ClusterDirectory, "postmaster.pid"))) return false;
        var (code, _) = await ProcessRunner.RunAsync(Path.Combine(bin, "pg_ctl"), ["status", "-D", ClusterDirectory], cancellationToken);
        return code == 0;
    }

    private async Task<bool> AcceptsConnectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Timeout=5");
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        // Unpooled: after a restart a pooled connection to the old server process would be dead.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection) { Parameters = { new() { Value = database } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\" ENCODING 'UTF8'", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private void LoadState()
    {
        var path = Path.Combine(ClusterDirectory, StateFile);
        if (!File.Exists(path))
            throw new EmbeddedPostgresException($"{path} is missing: the cluster in {ClusterDirectory} was not created by Pulse. Point the data folder elsewhere.");
        var state = JsonSerializer.Deserialize<State>(File.ReadAllText(path))!;
        (Port, _password) = (state.Port, state.Password);
    }

    private void SaveState()
    {
        var path = Path.Combine(ClusterDirectory, StateFile);
        File.WriteAllText(path, JsonSerializer.Serialize(new State(Port, _password)));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool IsPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed record State(int Port, string Password);

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Created a local PostgreSQL cluster in {Directory}")]
    private partial void LogInitialized(string directory);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Started the local PostgreSQL cluster in {Directory} on 127.0.0.1:{Port}")]
    private partial void LogStarted(string directory, int port);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Reusing the running local PostgreSQL cluster in {Directory} on 127.0.0.1:{Port}")]
    private partial void LogReused(string directory, int port);
}
