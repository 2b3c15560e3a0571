using Npgsql;

namespace Pulse.Core.Data.Migrations;

/// <summary>A session-level PostgreSQL advisory lock, released on dispose.</summary>
internal sealed class AdvisoryLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly long _key;

    private AdvisoryLock(NpgsqlConnection connection, long key) => (_connection, _key) = (connection, key);

    public static async Task<AdvisoryLock> AcquireAsync(NpgsqlConnection connection, long key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new AdvisoryLock(connection, key);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.State != System.Data.ConnectionState.Open) return;
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection) { Parameters = { new() { Value = _key } } };
        await command.ExecuteNonQueryAsync();
    }
}
