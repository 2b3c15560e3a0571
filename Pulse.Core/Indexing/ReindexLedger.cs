using Npgsql;
using Pulse.Core.Data;

namespace Pulse.Core.Indexing;

/// <summary>
/// The <c>qdrant_vectors</c> rows of a collection being re-indexed, held until the switch: the ledger keeps describing
/// what the live alias points at (the old collection) while the new one fills, then is replaced in the same transaction
/// as the alias switch, so a reconcile never finds the two apart.
/// </summary>
internal sealed class ReindexLedger(PulseDatabase database, int tenantId, string collection, string model)
{
    private readonly List<Entry> _entries = [];
    private readonly List<(string Table, long Job, int RecordId, string Error)> _parked = [];

    /// <summary>Rows staged so far.</summary>
    public int Points => _entries.Count;

    /// <summary>Parked rows staged so far.</summary>
    public int Parked => _parked.Count;

    public void Add(IndexingSource source, IndexedRecord record, string provider)
    {
        for (var i = 0; i < record.PointIds.Count; i++)
            _entries.Add(new Entry(source.Table, source.VectorType, record.RecordId, i, record.PointIds[i], record.Hash, provider));
    }

    public void Park(string table, long job, ParkedRecord record) => _parked.Add((table, job, record.RecordId, record.Error));

    /// <summary>
    /// Replaces the sources' ledger rows with the staged ones and runs <paramref name="swap"/> inside the transaction: a swap
    /// that fails rolls the ledger back; a commit that fails after the swap runs <paramref name="undo"/>.
    /// </summary>
    public async Task ReplaceAsync(IReadOnlyList<IndexingSource> sources, Func<CancellationToken, Task> swap, Func<Task> undo, CancellationToken cancellationToken)
    {
        await using var connection = await database.Primary.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var source in sources)
        {
            batch.BatchCommands.Add(Command("DELETE FROM qdrant_vectors WHERE tenant_id = @t AND table_name = @table AND vector_type = @vt",
                ("table", source.Table), ("vt", source.VectorType)));
            var rows = _entries.Where(e => e.Table == source.Table && e.VectorType == source.VectorType).ToArray();
            if (rows.Length > 0)
            {
                batch.BatchCommands.Add(Command("""
                    INSERT INTO qdrant_vectors (tenant_id, table_name, record_id, chunk_index, qdrant_collection, qdrant_point_id, vector_type,
                                                embedding_model, embedding_provider, content_hash, last_updated_at)
                    SELECT @t, @table, x.r, x.c, @collection, x.p, @vt, @model, x.v, x.h, now()
                    FROM unnest(@r, @c, @p, @h, @v) AS x(r, c, p, h, v)
                    """, ("table", source.Table), ("vt", source.VectorType), ("r", rows.Select(e => e.RecordId).ToArray()),
                    ("c", rows.Select(e => e.Chunk).ToArray()), ("p", rows.Select(e => e.Point).ToArray()),
                    ("h", rows.Select(e => e.Hash).ToArray()), ("v", rows.Select(e => e.Provider).ToArray())));
            }

            // Rows that embedded are no longer parked; rows that did not are parked with the rebuild's job, for a retry.
            batch.BatchCommands.Add(Command("DELETE FROM indexing_parked_rows WHERE tenant_id = @t AND source_table = @table AND record_id = ANY(@r)",
                ("table", source.Table), ("r", rows.Select(e => e.RecordId).Distinct().ToArray())));
            var parked = _parked.Where(p => p.Table == source.Table).ToArray();
            if (parked.Length > 0)
            {
                batch.BatchCommands.Add(Command("""
                    INSERT INTO indexing_parked_rows (tenant_id, source_table, record_id, job_id, error)
                    SELECT @t, @table, x.r, x.j, x.e FROM unnest(@r, @j, @e) AS x(r, j, e)
                    ON CONFLICT (tenant_id, source_table, record_id) DO UPDATE SET job_id = EXCLUDED.job_id, error = EXCLUDED.error,
                        attempts = indexing_parked_rows.attempts + 1, last_failed_at = now()
                    """, ("table", source.Table), ("r", parked.Select(p => p.RecordId).ToArray()), ("j", parked.Select(p => p.Job).ToArray()),
                    ("e", parked.Select(p => p.Error).ToArray())));
            }
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await swap(cancellationToken).ConfigureAwait(false);
        try
        {
            await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
        {
            await undo().ConfigureAwait(false);
            throw;
        }
    }

    private NpgsqlBatchCommand Command(string text, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(text);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("collection", collection);
        command.Parameters.AddWithValue("model", model);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return command;
    }

    private sealed record Entry(string Table, string VectorType, int RecordId, int Chunk, Guid Point, string Hash, string Provider);
}
