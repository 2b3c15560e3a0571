using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Operations.Health;

namespace Pulse.Core.Indexing;

/// <summary>
/// One health row per tenant and source: the latest indexing job's state and progress, and the rows parked with an
/// error. Failed or cancelled-with-parked-rows is red, paused or parked rows is yellow, running or queued is green with
/// progress, completed is green, never indexed is grey.
/// </summary>
public sealed class IndexingHealthSource(PulseDatabase database) : IHealthSource
{
    public const string ComponentName = "Indexing";

    private const string Sql = """
        WITH latest AS (
            SELECT DISTINCT ON (j.tenant_id, j.source_table)
                   j.tenant_id, j.source_table, j.state, j.processed_rows, j.total_rows, j.error, j.finished_at, j.updated_at
            FROM indexing_jobs j
            ORDER BY j.tenant_id, j.source_table, j.created_at DESC, j.id DESC
        ), parked AS (
            SELECT tenant_id, source_table, count(*) AS parked FROM indexing_parked_rows GROUP BY tenant_id, source_table
        )
        SELECT l.tenant_id, t.name, l.source_table, l.state, l.processed_rows, l.total_rows, l.error, l.finished_at, l.updated_at,
               coalesce(p.parked, 0)
        FROM latest l
        JOIN tenants t ON t.id = l.tenant_id
        LEFT JOIN parked p ON p.tenant_id = l.tenant_id AND p.source_table = l.source_table
        ORDER BY t.name, l.source_table
        """;

    public string Component => ComponentName;

    public async Task<IReadOnlyList<HealthRow>> ProbeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenReadConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<HealthRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var job = new LatestJob(reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetInt64(9));
            rows.Add(Row(reader.GetInt32(0), $"{reader.GetString(1)} · {reader.GetString(2)}", job));
        }
        if (rows.Count == 0)
            rows.Add(new HealthRow(Component, "No indexing jobs", HealthStatus.Grey,
                "Nothing has been indexed yet: start a job on the Indexing page to fill the tenant's collections.", []) { IsPlaceholder = true });
        return rows;
    }

    internal static HealthRow Row(int tenantId, string name, LatestJob job)
    {
        var progress = job.Total == 0 ? (double?)null : Math.Round(100.0 * Math.Min(job.Processed, job.Total) / job.Total, 1);
        var parked = job.Parked == 0 ? "" : $" {job.Parked} row(s) are parked with an error and wait for a retry.";
        var (status, reason) = job.State switch
        {
            IndexingJobStates.Failed => (HealthStatus.Red, $"The last job failed: {job.Error ?? "no reason recorded"}."),
            IndexingJobStates.Paused => (HealthStatus.Yellow, $"Paused at {progress ?? 0:0.#} %{(job.Error is null ? "" : $": {job.Error}")}."),
            IndexingJobStates.Running or IndexingJobStates.Queued => (job.Parked > 0 ? HealthStatus.Yellow : HealthStatus.Green,
                $"{IndexingJobStates.Label(job.State)}: {job.Processed:N0} of {job.Total:N0} rows ({progress ?? 0:0.#} %)."),
            IndexingJobStates.Cancelled => (HealthStatus.Grey, $"The last job was cancelled at {progress ?? 0:0.#} %."),
            _ when job.Parked > 0 => (HealthStatus.Yellow, $"Completed {job.Finished:yyyy-MM-dd HH:mm} UTC."),
            _ => (HealthStatus.Green, $"Completed {job.Finished:yyyy-MM-dd HH:mm} UTC: {job.Total:N0} rows."),
        };
        return new HealthRow(ComponentName, name, status, reason + parked,
        [
            new("progress_pct", "Progress", progress, "%"),
            new("parked_rows", "Parked rows", job.Parked),
            new("failed", "Failed", job.State == IndexingJobStates.Failed ? 1 : 0),
        ], tenantId);
    }

    internal sealed record LatestJob(string State, int Processed, int Total, string? Error, DateTimeOffset? Finished, DateTimeOffset Updated, long Parked);
}
