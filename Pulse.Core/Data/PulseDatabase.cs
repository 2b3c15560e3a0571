using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Pulse.Core.Data;

/// <summary>
/// The primary and (optional) replica of this portal, once start-up has reached them. Reads go to the replica
/// while it is healthy and fall back to the primary otherwise; <see cref="ReadsFallBackToPrimary"/> says so.
/// </summary>
public sealed class PulseDatabase : IAsyncDisposable
{
    private NpgsqlDataSource? _primary;
    private NpgsqlDataSource? _replica;
    private DbContextOptions<PulseDbContext>? _primaryOptions;
    private DbContextOptions<PulseDbContext>? _replicaOptions;
    private volatile bool _replicaHealthy = true;

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

    /// <summary>Connects this portal to its servers (called once by start-up, or by a test).</summary>
    public void Connect(string primaryConnectionString, string? replicaConnectionString)
    {
        _primary = NpgsqlDataSource.Create(primaryConnectionString);
        _primaryOptions = Options(_primary);
        if (!string.IsNullOrWhiteSpace(replicaConnectionString))
        {
            _replica = NpgsqlDataSource.Create(replicaConnectionString);
            _replicaOptions = Options(_replica);
        }
    }

    internal DbContextOptions<PulseDbContext> PrimaryOptions =>
        _primaryOptions ?? throw new DatabaseUnavailableException(StatusMessage ?? "The database is not available.");

    internal DbContextOptions<PulseDbContext> ReadOptions =>
        _replicaOptions is not null && _replicaHealthy ? _replicaOptions : PrimaryOptions;

    /// <summary>Records the start-up state.</summary>
    public void SetStatus(DatabaseStatus status, string? message) => (Status, StatusMessage) = (status, message);

    /// <summary>Records whether the replica answered its last probe.</summary>
    public void SetReplicaHealthy(bool healthy) => _replicaHealthy = healthy;

    private static DbContextOptions<PulseDbContext> Options(NpgsqlDataSource source) =>
        new DbContextOptionsBuilder<PulseDbContext>()
            .UseNpgsql(source, npgsql => npgsql.EnableRetryOnFailure(3))
            .Options;

    public async ValueTask DisposeAsync()
    {
        if (_primary is not null) await _primary.DisposeAsync();
        if (_replica is not null) await _replica.DisposeAsync();
    }
}
