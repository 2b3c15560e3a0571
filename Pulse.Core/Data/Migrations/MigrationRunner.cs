using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Pulse.Core.Data.Migrations;

/// <summary>
/// Applies and rolls back the embedded SQL migrations. Every operation holds a PostgreSQL advisory lock,
/// so two portals starting against one database never apply a migration twice; every migration runs in
/// its own transaction together with its bookkeeping row.
/// </summary>
public sealed partial class MigrationRunner(IReadOnlyList<Migration> migrations, ILogger<MigrationRunner> logger)
{
    // Arbitrary but fixed: "PULSEMIG" as a 64-bit number, shared by every portal on the database.
    private const long AdvisoryLockKey = 0x50554C53454D4947;

    /// <summary>Applies every pending migration in version order; refuses when an applied one was edited.</summary>
    public async Task<IReadOnlyList<Migration>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var _ = await AdvisoryLock.AcquireAsync(connection, AdvisoryLockKey, cancellationToken);
        var applied = await ReadAppliedAsync(connection, cancellationToken);
        Verify(applied);
        var done = new List<Migration>();
        foreach (var migration in migrations.Where(m => !applied.ContainsKey(m.Version)))
        {
            await RunAsync(connection, migration, up: true, cancellationToken);
            done.Add(migration);
        }
        return done;
    }

    /// <summary>Rolls back every applied migration above <paramref name="targetVersion"/>, newest first.</summary>
    public async Task<IReadOnlyList<Migration>> RollbackToAsync(NpgsqlDataSource dataSource, int targetVersion, CancellationToken cancellationToken = default)
    {
        if (targetVersion < 0)
            throw new MigrationException($"Cannot roll back to version {targetVersion}: versions start at 0 (an empty schema).");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var _ = await AdvisoryLock.AcquireAsync(connection, AdvisoryLockKey, cancellationToken);
        var applied = await ReadAppliedAsync(connection, cancellationToken);
        Verify(applied);
        var done = new List<Migration>();
        foreach (var migration in migrations.Where(m => m.Version > targetVersion && applied.ContainsKey(m.Version)).OrderByDescending(m => m.Version))
        {
            await RunAsync(connection, migration, up: false, cancellationToken);
            done.Add(migration);
        }
        return done;
    }

    /// <summary>Every known migration with its applied state, plus applied versions this build does not know.</summary>
    public async Task<IReadOnlyList<MigrationState>> StatusAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var applied = await ReadAppliedAsync(connection, cancellationToken);
        var states = migrations.Select(m => applied.TryGetValue(m.Version, out var row)
            ? new MigrationState(m.Version, m.Name, true, row.AppliedAt, row.Checksum == m.Checksum)
            : new MigrationState(m.Version, m.Name, false, null, true)).ToList();
        states.AddRange(applied.Where(a => migrations.All(m => m.Version != a.Key))
            .Select(a => new MigrationState(a.Key, a.Value.Name, true, a.Value.AppliedAt, false)));
        return states.OrderBy(s => s.Version).ToList();
    }

    private void Verify(IReadOnlyDictionary<int, AppliedRow> applied)
    {
        foreach (var (version, row) in applied)
        {
            var known = migrations.FirstOrDefault(m => m.Version == version)
                ?? throw new MigrationException(
                    $"The database has migration {version:D4}_{row.Name} applied, but this build does not contain it. " +
                    "Run the build that applied it, or roll the database back with that build.");
            if (known.Checksum != row.Checksum)
                throw new MigrationException(
                    $"Migration {known.Id} was edited after it was applied (recorded checksum {row.Checksum[..12]}…, " +
                    $"file now {known.Checksum[..12]}…). Restore the original file and put the change in a new migration.");
        }
    }

    private async Task RunAsync(NpgsqlConnection connection, Migration migration, bool up, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var script = new NpgsqlCommand(up ? migration.UpSql : migration.DownSql, connection, transaction))
                await script.ExecuteNonQueryAsync(cancellationToken);
            await using var book = up
                ? new NpgsqlCommand(
                    "INSERT INTO schema_migrations (version, name, checksum, applied_at, execution_ms) VALUES ($1, $2, $3, now(), $4)",
                    connection, transaction)
                {
                    Parameters = { new() { Value = migration.Version }, new() { Value = migration.Name }, new() { Value = migration.Checksum }, new() { Value = (int)watch.ElapsedMilliseconds } },
                }
                : new NpgsqlCommand("DELETE FROM schema_migrations WHERE version = $1", connection, transaction)
                {
                    Parameters = { new() { Value = migration.Version } },
                };
            await book.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            throw new MigrationException($"Migration {migration.Id} ({(up ? "up" : "down")}) failed and was rolled back: {ex.MessageText}", ex);
        }
        if (up) LogApplied(migration.Id, watch.ElapsedMilliseconds);
        else LogRolledBack(migration.Id, watch.ElapsedMilliseconds);
    }

    private static async Task<Dictionary<int, AppliedRow>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string ensure = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name VARCHAR(100) NOT NULL,
                checksum CHAR(64) NOT NULL,
                applied_at TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(),
                execution_ms INTEGER NOT NULL DEFAULT 0)
            """;
        await using (var create = new NpgsqlCommand(ensure, connection))
            await create.ExecuteNonQueryAsync(cancellationToken);
        var rows = new Dictionary<int, AppliedRow>();
        await using var select = new NpgsqlCommand("SELECT version, name, checksum, applied_at FROM schema_migrations", connection);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            rows[reader.GetInt32(0)] = new AppliedRow(reader.GetString(1), reader.GetString(2).Trim(), reader.GetFieldValue<DateTimeOffset>(3));
        return rows;
    }

    private sealed record AppliedRow(string Name, string Checksum, DateTimeOffset AppliedAt);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Applied migration {Migration} in {ElapsedMs} ms")]
    private partial void LogApplied(string migration, long elapsedMs);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Rolled back migration {Migration} in {ElapsedMs} ms")]
    private partial void LogRolledBack(string migration, long elapsedMs);
}
