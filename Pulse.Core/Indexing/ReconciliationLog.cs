using Npgsql;
using Pulse.Core.Data;

namespace Pulse.Core.Indexing;

/// <summary>Keeps each tenant's last reconciler finding (<c>reconciliation_results</c>) for the health page.</summary>
public sealed class ReconciliationLog(PulseDatabase database)
{
    private const string Upsert = """
        INSERT INTO reconciliation_results (tenant_id, checked_at, current_model, recorded_points, stored_points, missing, orphans, stale_model, collections, repaired_at)
        VALUES (@t, @at, @model, @recorded, @stored, @missing, @orphans, @stale, @collections, @repaired)
        ON CONFLICT (tenant_id) DO UPDATE SET checked_at = excluded.checked_at, current_model = excluded.current_model,
            recorded_points = excluded.recorded_points, stored_points = excluded.stored_points, missing = excluded.missing,
            orphans = excluded.orphans, stale_model = excluded.stale_model, collections = excluded.collections,
            repaired_at = excluded.repaired_at
        """;

    /// <summary>Replaces the tenant's last finding with <paramref name="report"/>; <paramref name="repairedAt"/> when a repair acted on it.</summary>
    public async Task RecordAsync(ReconciliationReport report, DateTimeOffset? repairedAt = null, CancellationToken cancellationToken = default)
    {
        await using var command = database.Primary.CreateCommand(Upsert);
        command.Parameters.AddWithValue("t", report.TenantId);
        command.Parameters.AddWithValue("at", report.CheckedAt);
        command.Parameters.AddWithValue("model", report.CurrentModel.Length > 200 ? report.CurrentModel[..200] : report.CurrentModel);
        command.Parameters.AddWithValue("recorded", report.RecordedPoints);
        command.Parameters.AddWithValue("stored", report.StoredPoints);
        command.Parameters.AddWithValue("missing", report.Missing);
        command.Parameters.AddWithValue("orphans", report.Orphans);
        command.Parameters.AddWithValue("stale", report.StaleModel);
        command.Parameters.AddWithValue("collections", report.Collections.ToArray());
        command.Parameters.Add(new NpgsqlParameter("repaired", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = (object?)repairedAt ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every tenant's last finding, by tenant id.</summary>
    public async Task<IReadOnlyDictionary<int, ReconciliationResult>> LatestAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT tenant_id, checked_at, current_model, recorded_points, stored_points, missing, orphans, stale_model, collections, repaired_at FROM reconciliation_results",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var results = new Dictionary<int, ReconciliationResult>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            results[reader.GetInt32(0)] = new ReconciliationResult
            {
                TenantId = reader.GetInt32(0), CheckedAt = reader.GetFieldValue<DateTimeOffset>(1), CurrentModel = reader.GetString(2),
                RecordedPoints = reader.GetInt64(3), StoredPoints = reader.GetInt64(4), Missing = reader.GetInt32(5),
                Orphans = reader.GetInt32(6), StaleModel = reader.GetInt32(7), Collections = reader.GetFieldValue<string[]>(8),
                RepairedAt = reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
            };
        return results;
    }
}
