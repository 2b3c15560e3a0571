using Npgsql;
using NpgsqlTypes;
using Pulse.Core.Data;

namespace Pulse.Core.Indexing;

/// <summary>
/// Holds the sources of a collection being re-indexed: one running <c>indexing_jobs</c> row per source (so the database
/// refuses any other job for it, and the indexing page shows the rebuild's progress), each held by this session's advisory
/// lock the way <see cref="IndexingJobExecutor"/> holds a job, so the background runner never picks it up while it runs.
/// </summary>
internal sealed class ReindexClaim : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly PulseDatabase _database;
    private readonly Dictionary<string, long> _jobs;
    private bool _finished;

    private ReindexClaim(PulseDatabase database, NpgsqlConnection connection, Dictionary<string, long> jobs)
    {
        (_database, _connection, _jobs) = (database, connection, jobs);
    }

    /// <summary>Claims the sources; <see cref="IndexingException"/> when one has a queued, running or paused job.</summary>
    public static async Task<ReindexClaim> TakeAsync(
        PulseDatabase database, int tenantId, IReadOnlyList<(IndexingSource Source, int Rows)> sources, string collection, string requestedBy, CancellationToken cancellationToken)
    {
        var connection = await database.Primary.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var jobs = new Dictionary<string, long>();
        try
        {
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var (source, rows) in sources)
                {
                    await using var insert = new NpgsqlCommand("""
                        INSERT INTO indexing_jobs (tenant_id, source_table, collection_name, state, requested_by, total_rows, started_at)
                        VALUES (@t, @table, @collection, 'running', @by, @rows, now()) RETURNING id
                        """, connection, transaction);
                    insert.Parameters.AddWithValue("t", tenantId);
                    insert.Parameters.AddWithValue("table", source.Table);
                    insert.Parameters.AddWithValue("collection", collection);
                    insert.Parameters.AddWithValue("by", requestedBy);
                    insert.Parameters.AddWithValue("rows", rows);
                    try { jobs[source.Table] = (long)(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!; }
                    catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
                    {
                        throw new IndexingException($"An indexing job for {source.Label} is queued, running or paused; wait for it to finish (or cancel it on the Indexing page), then apply again.");
                    }
                }

                // Locked before the rows are visible, so the runner can never see a free running job.
                foreach (var id in jobs.Values)
                {
                    await using var lockJob = new NpgsqlCommand("SELECT pg_advisory_lock(@space, @job)", connection, transaction);
                    lockJob.Parameters.AddWithValue("space", IndexingJobExecutor.LockSpace);
                    lockJob.Parameters.AddWithValue("job", unchecked((int)id));
                    await lockJob.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            return new ReindexClaim(database, connection, jobs);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false); // a session's locks end with it (the pool resets it)
            throw;
        }
    }

    /// <summary>Adds a page's counts to the source's job; returns the job's state (a page of the indexing page may have cancelled it).</summary>
    public async Task<string> ProgressAsync(
        string table, int cursor, int processed, int embedded, int parked, int points, int retries, string model, string provider, CancellationToken cancellationToken)
    {
        await using var command = _database.Primary.CreateCommand("""
            UPDATE indexing_jobs SET last_record_id = @cursor, processed_rows = processed_rows + @processed, embedded_rows = embedded_rows + @embedded,
                parked_rows = parked_rows + @parked, points_written = points_written + @points, retries = retries + @retries,
                embedding_model = @model, embedding_provider = @provider, updated_at = now()
            WHERE id = @job RETURNING state
            """);
        command.Parameters.AddWithValue("job", _jobs[table]);
        command.Parameters.AddWithValue("cursor", cursor);
        command.Parameters.AddWithValue("processed", processed);
        command.Parameters.AddWithValue("embedded", embedded);
        command.Parameters.AddWithValue("parked", parked);
        command.Parameters.AddWithValue("points", points);
        command.Parameters.AddWithValue("retries", retries);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("provider", provider);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string ?? IndexingJobStates.Cancelled;
    }

    /// <summary>The job id of a claimed source (parked rows name it).</summary>
    public long JobOf(string table) => _jobs[table];

    /// <summary>Ends every claimed job that is still running (a cancel from the indexing page stands).</summary>
    public async Task FinishAsync(string state, string? error)
    {
        _finished = true;
        await using var command = _database.Primary.CreateCommand("""
            UPDATE indexing_jobs SET state = @state, error = @error, updated_at = now(), finished_at = now()
            WHERE id = ANY(@jobs) AND state IN ('queued', 'running', 'paused')
            """);
        command.Parameters.AddWithValue("jobs", _jobs.Values.ToArray());
        command.Parameters.AddWithValue("state", state);
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_finished) await FinishAsync(IndexingJobStates.Failed, "The collection rebuild stopped before it finished; the alias was not switched.").ConfigureAwait(false);
            foreach (var id in _jobs.Values)
                await IndexingJobExecutor.AdvisoryAsync(_connection, "pg_advisory_unlock", id, CancellationToken.None).ConfigureAwait(false);
        }
        catch (NpgsqlException)
        {
            // A broken connection is discarded, and its session's locks with it.
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
