using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Pulse.Core.Data;

/// <summary>
/// The primary and (optional) replica of this portal, once start-up has reached them. Reads go to the replica
/// while it is healthy and fall back to the primary otherwise; <see cref="ReadsFallBackToPrimary"/> says so. The
/// replica is marked down by the start-up service's probe, and also at once by the first read that cannot reach it
/// (that read is then served by the primary, see <see cref="OpenReadConnectionAsync"/>); only the probe marks it up again.
/// </summary>
public sealed partial class PulseDatabase : IAsyncDisposable
{
    private NpgsqlDataSource? _primary;
    private NpgsqlDataSource? _replica;
    private DbContextOptions<PulseDbContext>? _primaryOptions;
    private DbContextOptions<PulseDbContext>? _replicaOptions;
    private volatile bool _replicaHealthy = true;

    /// <summary>Where a replica found unreachable by a read is logged (set by start-up; silent otherwise).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Where start-up stands.</summary>
    public DatabaseStatus Status { get; private set; } = DatabaseStatus.Starting;

    /// <summary>The reason for the status, in words (null when ready).</summary>
    public string? StatusMessage { get; private set; } = "The database is starting.";

    /// <summary>True when a replica is configured.</summary>
    public bool HasReplica => _replica is not null;

    /// <summary>True when a replica is configured but reads use the primary because the replica is unreachable.</summary>
    public bool ReadsFallBackToPrimary => _replica is not null && !_replicaHealthy;

    /// <summary>The primary's data source; throws a clear message while the database is not ready.</summary>
    public NpgsqlDataSource Primary => _primary ?? throw new DatabaseUnavailableException(StatusMessage ?? "The database is not available.");

    /// <summary>The data source for reads: the healthy replica, else the primary.</summary>
    public NpgsqlDataSource ReadSource => _replica is not null && _replicaHealthy ? _replica : Primary;

    internal NpgsqlDataSource? Replica => _replica;

    /// <summary>
    /// An open connection for reads: the replica while it is healthy. When the replica cannot be reached it is marked
    /// down at once (every read after this one goes to the primary until the probe reaches the replica again) and the
    /// primary answers this read, so a stopped replica costs no failed read.
    /// </summary>
    public async ValueTask<NpgsqlConnection> OpenReadConnectionAsync(CancellationToken cancellationToken = default) =>
        (await OpenReadCoreAsync(cancellationToken).ConfigureAwait(false)).Connection;

    /// <summary>
    /// Runs a read on a read connection (<see cref="OpenReadConnectionAsync"/>). A pooled replica connection can look
    /// open after its server went away; when the read then fails on the connection itself (not on its SQL), the
    /// replica is marked down and the read runs once more, on the primary. Use it for reads that can be repeated.
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        var (connection, fromReplica) = await OpenReadCoreAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            try
            {
                return await read(connection, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (fromReplica && IsConnectionFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                MarkReplicaUnreachable(ex);
            }
        }

        await using var primary = await Primary.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await read(primary, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<(NpgsqlConnection Connection, bool FromReplica)> OpenReadCoreAsync(CancellationToken cancellationToken)
    {
        if (_replica is not null && _replicaHealthy)
        {
            try
            {
                return (await _replica.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), true);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                MarkReplicaUnreachable(ex);
            }
        }

        return (await Primary.OpenConnectionAsync(cancellationToken).ConfigureAwait(false), false);
    }

    /// <summary>A failure of the connection (broken, reset, refused, timed out, server shutting down), not of the SQL.</summary>
    internal static bool IsConnectionFailure(Exception? error) => error switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03",
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is IOException or System.Net.Sockets.SocketException or TimeoutException,
        TimeoutException or IOException => true,
        _ => false,
    };

    private void MarkReplicaUnreachable(Exception error)
    {
        if (!_replicaHealthy) return;
        _replicaHealthy = false;
        _replica?.Clear(); // its idle connections died with it; the probe's next success starts afresh
        LogReplicaUnreachable(Logger, error.Message);
    }

    /// <summary>Connects this portal to its servers (called once by start-up, or by a test).</summary>
    public void Connect(string primaryConnectionString, string? replicaConnectionString)
    {
        _primary = NpgsqlDataSource.Create(primaryConnectionString);
        _primaryOptions = Options(_primary);
        if (!string.IsNullOrWhiteSpace(replicaConnectionString))
        {
            _replica = NpgsqlDataSource.Create(replicaConnectionString);
            // No retries on the replica: retrying a stopped replica only delays the error. A failed open marks it
            // down instead, so the context made for the next read uses the primary.
            _replicaOptions = new DbContextOptionsBuilder<PulseDbContext>()
                .UseNpgsql(_replica)
                .AddInterceptors(new ReplicaFailureInterceptor(this), new ReplicaCommandFailureInterceptor(this))
                .Options;
        }
    }

    internal DbContextOptions<PulseDbContext> PrimaryOptions =>
        _primaryOptions ?? throw new DatabaseUnavailableException(StatusMessage ?? "The database is not available.");

    internal DbContextOptions<PulseDbContext> ReadOptions =>
        _replicaOptions is not null && _replicaHealthy ? _replicaOptions : PrimaryOptions;

    /// <summary>Records the start-up state.</summary>
    public void SetStatus(DatabaseStatus status, string? message) => (Status, StatusMessage) = (status, message);

    /// <summary>
    /// Records whether the replica answered its last probe. A replica found down drops its idle pooled connections
    /// (they died with its server), so the first reads after it is marked up again do not pick up dead ones.
    /// </summary>
    public void SetReplicaHealthy(bool healthy)
    {
        if (!healthy && _replicaHealthy) _replica?.Clear();
        _replicaHealthy = healthy;
    }

    private static DbContextOptions<PulseDbContext> Options(NpgsqlDataSource source) =>
        new DbContextOptionsBuilder<PulseDbContext>()
            .UseNpgsql(source, npgsql => npgsql.EnableRetryOnFailure(3))
            .Options;

    /// <summary>Marks the replica down when an EF read context cannot open its connection to it.</summary>
    private sealed class ReplicaFailureInterceptor(PulseDatabase database) : DbConnectionInterceptor
    {
        public override void ConnectionFailed(DbConnection connection, ConnectionErrorEventData eventData) =>
            database.MarkReplicaUnreachable(eventData.Exception);

        public override Task ConnectionFailedAsync(DbConnection connection, ConnectionErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            database.MarkReplicaUnreachable(eventData.Exception);
            return Task.CompletedTask;
        }
    }

    /// <summary>Marks the replica down when an EF read fails on a replica connection that looked open (a pooled one).</summary>
    private sealed class ReplicaCommandFailureInterceptor(PulseDatabase database) : DbCommandInterceptor
    {
        public override void CommandFailed(DbCommand command, CommandErrorEventData eventData)
        {
            if (IsConnectionFailure(eventData.Exception)) database.MarkReplicaUnreachable(eventData.Exception);
        }

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            if (IsConnectionFailure(eventData.Exception)) database.MarkReplicaUnreachable(eventData.Exception);
            return Task.CompletedTask;
        }
    }

    [LoggerMessage(EventId = 1030, Level = LogLevel.Warning, Message = "The read replica could not be reached ({Reason}); reads fall back to the primary until it answers the health probe again.")]
    private static partial void LogReplicaUnreachable(ILogger logger, string reason);

    public async ValueTask DisposeAsync()
    {
        if (_primary is not null) await _primary.DisposeAsync();
        if (_replica is not null) await _replica.DisposeAsync();
    }
}
