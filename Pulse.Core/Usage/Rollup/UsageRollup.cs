using Npgsql;
using NpgsqlTypes;
using Pulse.Core.Data;

namespace Pulse.Core.Usage.Rollup;

/// <summary>
/// Folds pending (tenant, day) markers into <c>ai_usage_daily</c>: in one transaction it takes a batch of markers
/// and recomputes those whole days from the raw rows. See migration 0011 for why this is exact under concurrent inserts.
/// </summary>
public sealed class UsageRollup(PulseDatabase database)
{
    // Serialises rollup runs across portal instances: two runs recomputing one day would insert it twice.
    private const long LockKey = 0x5055_4C53_4555_0011;

    private const string TakeMarkers = """
        DELETE FROM ai_usage_rollup_pending
        WHERE id IN (SELECT id FROM ai_usage_rollup_pending ORDER BY id LIMIT @batch)
        RETURNING tenant_id, day
        """;

    // statement_timestamp, not now(): the transaction may have started (and waited for the lock) before midnight,
    // while the markers it took were written after a reader had cached the day as closed.
    private const string UpdateState = """
        UPDATE ai_usage_rollup_state
        SET last_run_at = now(), last_run_days = @n, days_recomputed = days_recomputed + @n,
            closed_days_version = closed_days_version
                + CASE WHEN EXISTS (SELECT 1 FROM unnest(@days) AS d(day) WHERE d.day < (statement_timestamp() AT TIME ZONE 'UTC')::date) THEN 1 ELSE 0 END
        WHERE id = 1
        """;

    /// <summary>Processes one batch of markers; returns the number of (tenant, day) pairs recomputed.</summary>
    public async Task<int> RunOnceAsync(int batchSize = 5_000, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("key", LockKey);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var days = new HashSet<(int Tenant, DateOnly Day)>();
        await using (var take = new NpgsqlCommand(TakeMarkers, connection, transaction))
        {
            take.Parameters.AddWithValue("batch", batchSize);
            await using var reader = await take.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) days.Add((reader.GetInt32(0), reader.GetFieldValue<DateOnly>(1)));
        }
        if (days.Count > 0)
        {
            await using var recompute = new NpgsqlCommand(UsageSql.Recompute, connection, transaction);
            recompute.Parameters.Add(new NpgsqlParameter("tenants", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = days.Select(d => d.Tenant).ToArray() });
            recompute.Parameters.Add(new NpgsqlParameter("days", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = days.Select(d => d.Day).ToArray() });
            recompute.CommandTimeout = 600;
            await recompute.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var state = new NpgsqlCommand(UpdateState, connection, transaction))
        {
            state.Parameters.AddWithValue("n", days.Count);
            state.Parameters.Add(new NpgsqlParameter("days", NpgsqlDbType.Array | NpgsqlDbType.Date) { Value = days.Select(d => d.Day).ToArray() });
            await state.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return days.Count;
    }

    /// <summary>Runs batches until no marker is left; returns the (tenant, day) pairs recomputed.</summary>
    public async Task<int> RunUntilCaughtUpAsync(int batchSize = 5_000, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (await RunOnceAsync(batchSize, cancellationToken) is var n && n > 0) total += n;
        if (total >= 500)
        {
            // A backfill changes the table's shape at once; fresh statistics keep the page's plans fast until autovacuum would.
            await using var analyze = database.Primary.CreateCommand("ANALYZE ai_usage_daily");
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        return total;
    }
}
