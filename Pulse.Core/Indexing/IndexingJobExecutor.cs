using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Indexing;

/// <summary>
/// Runs one indexing job: the keyset pass over the source rows (render, chunk, skip unchanged by hash, embed in batches,
/// upsert points with deterministic ids, record them), then removal of the points of deleted rows. Progress is committed
/// with each batch, so a job stopped at any moment resumes from its cursor. A session advisory lock keeps a job to one
/// runner across processes; the database's unique index keeps a source to one active job.
/// </summary>
public sealed partial class IndexingJobExecutor(
    PulseDatabase database,
    IServiceScopeFactory scopes,
    IVectorStore store,
    SourceReader reader,
    PipelineConfigurationReader configuration,
    IOptions<IndexingOptions> options,
    TimeProvider time,
    ILogger<IndexingJobExecutor> logger,
    IndexingMetrics metrics)
{
    // First key of the two-int advisory lock: "PIDX", so indexing locks never collide with the migration lock.
    internal const int LockSpace = 0x50494458;

    // Bookkeeping rows written between refreshes of qdrant_vectors' planner statistics (and the least worth one at the end).
    private const int AnalyzeEvery = 100_000;
    private const int AnalyzeAtEnd = 1_000;
    private readonly IndexingLedger _ledger = new(database);
    private readonly ConcurrentDictionary<long, IndexingTimings> _timings = new();

    /// <summary>Where the last run of <paramref name="jobId"/> in this process spent its time; null when it did not run here.</summary>
    public IndexingTimings? TimingsOf(long jobId) => _timings.GetValueOrDefault(jobId);

    /// <summary>Runs the job unless another runner holds it; false when it was held elsewhere.</summary>
    public async Task<bool> TryRunAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var lockConnection = await database.Primary.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await AdvisoryAsync(lockConnection, "pg_try_advisory_lock", jobId, cancellationToken).ConfigureAwait(false)) return false;
        try
        {
            await RunLockedAsync(jobId, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // Pooled connections keep their session, so the lock must be released explicitly.
            try { await AdvisoryAsync(lockConnection, "pg_advisory_unlock", jobId, CancellationToken.None).ConfigureAwait(false); }
            catch (NpgsqlException) { /* a broken connection is discarded, and its session's locks with it */ }
        }
        return true;
    }

    private async Task RunLockedAsync(long jobId, CancellationToken cancellationToken)
    {
        IndexingJob? job;
        await using (var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform))
            job = await db.Set<IndexingJob>().AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken).ConfigureAwait(false);
        if (job is null || job.State is not (IndexingJobStates.Queued or IndexingJobStates.Running)) return;

        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var run = await PrepareAsync(job, scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
            if (await _ledger.StartRunAsync(job, await reader.CountAsync(job.TenantId, job.SourceTable, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false) is null) return;
            LogStarted(job.Id, job.TenantId, job.SourceTable, job.LastRecordId);
            if (job.Phase == IndexingJobPhases.Rows)
            {
                if (await RunRowsAsync(run, cancellationToken).ConfigureAwait(false) != IndexingJobStates.Running) return;
                await _ledger.StartDeletionsAsync(job, cancellationToken).ConfigureAwait(false);
            }
            if (await RunDeletionsAsync(run, cancellationToken).ConfigureAwait(false) != IndexingJobStates.Running) return;
            if (run.RowsSinceAnalyze >= AnalyzeAtEnd) await AnalyzeAsync(run, cancellationToken).ConfigureAwait(false);
            await _ledger.FinishAsync(job.Id, IndexingJobStates.Completed, null, CancellationToken.None).ConfigureAwait(false);
            LogFinished(job.Id, job.SourceTable, run.Timings.ToString());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // stopped (shutdown or crash-like): the job stays running and resumes from its cursor
        }
        catch (Exception ex) when (ex is ProviderUnavailableException or BudgetExceededException)
        {
            LogPaused(ex, job.Id);
            await _ledger.FinishAsync(job.Id, IndexingJobStates.Paused, $"Paused: {ex.Message} Resume the job when the provider is back.", CancellationToken.None).ConfigureAwait(false);
        }
        catch (VectorStoreException ex) when (ex.Kind is VectorStoreErrorKind.Unavailable or VectorStoreErrorKind.Timeout)
        {
            // The store is down, not refusing: every settled batch is committed, so the job pauses and resumes from its cursor.
            LogPaused(ex, job.Id);
            await _ledger.FinishAsync(job.Id, IndexingJobStates.Paused, $"Paused: the vector store is not answering ({ex.Message}). Resume the job when it is back.", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IndexingException or VectorStoreException or ProviderException)
        {
            LogFailed(ex, job.Id);
            var message = ex is VectorStoreException ? $"The vector store refused the job: {ex.Message}" : ex.Message;
            await _ledger.FinishAsync(job.Id, IndexingJobStates.Failed, message, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or NpgsqlException or DatabaseUnavailableException))
        {
            // A bug must not make the runner retry the same job forever: fail it with the reason, and log the details.
            LogFailed(ex, job.Id);
            await _ledger.FinishAsync(job.Id, IndexingJobStates.Failed, $"The job stopped on an unexpected error: {ex.Message}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<JobRun> PrepareAsync(IndexingJob job, IServiceProvider services, CancellationToken cancellationToken)
    {
        var settings = await configuration.ReadAsync(job.TenantId, cancellationToken).ConfigureAwait(false);
        var source = settings.Find(job.SourceTable)
            ?? throw new IndexingException($"The tenant's pipeline configuration does not index '{job.SourceTable}' (it is disabled or was removed).");
        var (embedder, primary) = await BatchEmbedder.ForTenantAsync(services, job.TenantId, options.Value, time, cancellationToken).ConfigureAwait(false);
        var vectors = new TenantVectorStore(store, SystemTenantContext.ForTenant(job.TenantId));
        var run = new JobRun(job, source, primary.UsageModelName, ProviderNames.Provider(primary.Kind), embedder, vectors)
        {
            SourceHadParkedRows = await _ledger.HasParkedRowsAsync(job.TenantId, job.SourceTable, cancellationToken).ConfigureAwait(false),
        };
        if (_timings.Count > 100) _timings.Clear(); // kept for the latest jobs only
        _timings[job.Id] = run.Timings;
        return run;
    }

    private async Task<string> RunRowsAsync(JobRun run, CancellationToken cancellationToken)
    {
        var job = run.Job;
        var limits = options.Value;
        var group = new List<(int Id, PendingRecord? Changed)>();
        // The next page is read while this one is embedded and written (its rows are other rows, so this page's commits
        // cannot change what it reads); only the wait for it counts as read time.
        var next = ReadAsync(run, job.LastRecordId, cancellationToken);
        try
        {
            while (true)
            {
                var started = Stopwatch.GetTimestamp();
                var (page, existing) = await next.ConfigureAwait(false);
                run.Timings.AddRead(started);
                if (page.Count == 0) return IndexingJobStates.Running;
                next = ReadAsync(run, page[^1].Id, cancellationToken);
                var chunks = 0;
                foreach (var row in page)
                {
                    started = Stopwatch.GetTimestamp();
                    var pending = Prepare(run, row, existing.GetValueOrDefault(row.Id));
                    run.Timings.AddPrepare(started);
                    group.Add((row.Id, pending));
                    chunks += pending?.Chunks.Count ?? 0;
                    if (chunks < Math.Max(limits.EmbedBatchSize, limits.CommitBatchSize)) continue;
                    var state = await FlushAsync(run, group, cancellationToken).ConfigureAwait(false);
                    if (state != IndexingJobStates.Running) return state;
                    chunks = 0;
                }
                if (group.Count > 0)
                {
                    var state = await FlushAsync(run, group, cancellationToken).ConfigureAwait(false);
                    if (state != IndexingJobStates.Running) return state;
                }
            }
        }
        finally
        {
            // A job that stops early (paused, cancelled, failed) leaves a read in flight: let it finish, whatever it says.
            try { await next.ConfigureAwait(false); }
            catch (Exception) when (!next.IsCompletedSuccessfully) { /* the job's own outcome is what counts */ }
        }
    }

    private async Task<(IReadOnlyList<SourceRow> Page, Dictionary<int, ExistingRecord> Existing)> ReadAsync(JobRun run, int afterId, CancellationToken cancellationToken)
    {
        var job = run.Job;
        var page = await reader.ReadPageAsync(job.TenantId, job.SourceTable, afterId, Math.Max(1, options.Value.ReadPageSize), cancellationToken).ConfigureAwait(false);
        var existing = page.Count == 0 ? [] : await _ledger.ExistingAsync(job.TenantId, job.SourceTable, run.Source.VectorType, [.. page.Select(r => r.Id)], cancellationToken).ConfigureAwait(false);
        return (page, existing);
    }

    /// <summary>The record's new chunks and hash, or null when its points are already up to date.</summary>
    private PendingRecord? Prepare(JobRun run, SourceRow row, ExistingRecord existing)
    {
        var pending = RecordText.Prepare(run.Source, row, run.HashPrefix, options.Value.MaxChunksPerRecord, existing.Chunks);
        var unchanged = pending.Chunks.Count == 0 ? existing.Chunks == 0 : existing.Hash == pending.Hash && existing.Chunks == pending.Chunks.Count;
        return unchanged ? null : pending;
    }

    private async Task<string> FlushAsync(JobRun run, List<(int Id, PendingRecord? Changed)> group, CancellationToken cancellationToken)
    {
        var job = run.Job;
        var changed = group.Where(g => g.Changed is not null).Select(g => g.Changed!).ToList();
        var started = Stopwatch.GetTimestamp();
        var outcome = await run.Embedder.EmbedAsync(job.TenantId, [.. changed.Where(c => c.Chunks.Count > 0)], cancellationToken).ConfigureAwait(false);
        run.Timings.AddEmbed(started);
        started = Stopwatch.GetTimestamp();

        var points = new List<VectorPoint>();
        var indexed = new List<IndexedRecord>();
        var stale = new List<PointId>();
        foreach (var record in changed)
        {
            IReadOnlyList<float[]> vectors = [];
            if (record.Chunks.Count > 0 && !outcome.Vectors.TryGetValue(record.RecordId, out vectors!)) continue; // parked
            var ids = new Guid[record.Chunks.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = IndexingPointIds.For(job.TenantId, job.SourceTable, record.RecordId, run.Source.VectorType, i);
                points.Add(new VectorPoint(ids[i], vectors[i], RecordText.Payload(job.TenantId, run.Source, run.Model, record.RecordId, i, record.Chunks[i])));
            }
            for (var i = ids.Length; i < record.PreviousChunks; i++)
                stale.Add(IndexingPointIds.For(job.TenantId, job.SourceTable, record.RecordId, run.Source.VectorType, i));
            indexed.Add(new IndexedRecord(record.RecordId, record.Hash, ids));
        }

        if (points.Count > 0)
        {
            await EnsureCollectionAsync(run, points[0].Vector.Length, cancellationToken).ConfigureAwait(false);
            await run.Vectors.UpsertAsync(job.CollectionName, points, wait: true, cancellationToken).ConfigureAwait(false);
        }
        if (stale.Count > 0 && await run.Vectors.ResolvesAsync(job.CollectionName, cancellationToken).ConfigureAwait(false))
            await run.Vectors.DeletePointsAsync(job.CollectionName, PointSelector.Ids(stale), wait: true, cancellationToken).ConfigureAwait(false);

        run.Timings.AddUpsert(started);

        started = Stopwatch.GetTimestamp();
        var batch = new BatchResult(group[^1].Id, group.Count, group.Count - changed.Count, indexed, outcome.Parked, outcome.Retries);
        group.Clear();
        var cleanup = new LedgerCleanup(
            StaleChunks: changed.Any(c => c.PreviousChunks > c.Chunks.Count), ParkedRows: run.SourceHadParkedRows || outcome.Parked.Count > 0);
        run.SourceHadParkedRows |= outcome.Parked.Count > 0;
        // The bookkeeping names the provider that actually served the batch (a fallback shares the model, not the provider).
        var provider = outcome.LastCall is { } served ? ProviderNames.Provider(served.Provider) : run.Provider;
        var state = await _ledger.CommitBatchAsync(job, run.Source.VectorType, run.Model, provider, batch, cleanup, cancellationToken).ConfigureAwait(false);
        run.RowsSinceAnalyze += batch.PointsWritten;
        if (run.RowsSinceAnalyze >= AnalyzeEvery) await AnalyzeAsync(run, cancellationToken).ConfigureAwait(false);
        // Counted once committed: a batch rolled back and redone is not counted twice.
        metrics.RowsSettled(job.TenantId, job.SourceTable, batch.Processed - batch.Unchanged - batch.Parked.Count, batch.Unchanged, batch.Parked.Count);
        run.Timings.AddBookkeeping(started);
        return state;
    }

    private async Task<string> RunDeletionsAsync(JobRun run, CancellationToken cancellationToken)
    {
        var job = run.Job;
        while (true)
        {
            var deleted = await reader.FindDeletedAsync(job.TenantId, job.SourceTable, job.LastRecordId, 500, cancellationToken).ConfigureAwait(false);
            if (deleted.Count == 0) return IndexingJobStates.Running;
            var points = await _ledger.PointsOfAsync(job.TenantId, job.SourceTable, deleted, cancellationToken).ConfigureAwait(false);
            foreach (var collection in points.GroupBy(p => p.Collection))
            {
                if (!await run.Vectors.ResolvesAsync(collection.Key, cancellationToken).ConfigureAwait(false)) continue;
                await run.Vectors.DeletePointsAsync(collection.Key, PointSelector.Ids([.. collection.Select(p => (PointId)p.Point)]), wait: true, cancellationToken).ConfigureAwait(false);
            }
            var state = await _ledger.CommitDeletionsAsync(job, deleted, cancellationToken).ConfigureAwait(false);
            run.RowsSinceAnalyze += points.Count;
            if (state != IndexingJobStates.Running) return state;
        }
    }

    // Statistics are an optimisation: a refresh that fails (a lock, a timeout) is logged and the job goes on.
    private async Task AnalyzeAsync(JobRun run, CancellationToken cancellationToken)
    {
        try
        {
            await _ledger.AnalyzeAsync(cancellationToken).ConfigureAwait(false);
            run.RowsSinceAnalyze = 0;
        }
        catch (NpgsqlException ex)
        {
            LogAnalyzeFailed(ex, run.Job.Id);
        }
    }

    private static async Task EnsureCollectionAsync(JobRun run, int dimension, CancellationToken cancellationToken)
    {
        if (run.CollectionReady) return;
        var name = run.Job.CollectionName;
        if (!await run.Vectors.ResolvesAsync(name, cancellationToken).ConfigureAwait(false))
        {
            try { await run.Vectors.CreateCollectionAsync(name, new CollectionDefinition(dimension, Distance.Cosine), cancellationToken).ConfigureAwait(false); }
            catch (VectorStoreException ex) when (ex.Kind == VectorStoreErrorKind.Conflict) { /* created meanwhile; checked below */ }
        }
        var info = await run.Vectors.GetCollectionInfoAsync(name, cancellationToken).ConfigureAwait(false);
        if (info.Config.VectorSize != dimension)
            throw new IndexingException($"Collection '{name}' holds {info.Config.VectorSize}-dimensional vectors, but the embedding model '{run.Model}' yields {dimension}. Point the source at a new collection in the pipeline configuration, or delete the collection, then start again.");
        run.CollectionReady = true;
    }

    internal static async Task<bool> AdvisoryAsync(NpgsqlConnection connection, string function, long jobId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT {function}(@space, @job)", connection);
        command.Parameters.AddWithValue("space", LockSpace);
        command.Parameters.AddWithValue("job", unchecked((int)jobId));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private sealed class JobRun(IndexingJob job, IndexingSource source, string model, string provider, BatchEmbedder embedder, TenantVectorStore vectors)
    {
        public IndexingJob Job { get; } = job;
        public IndexingSource Source { get; } = source;
        public string Model { get; } = model;
        public string Provider { get; } = provider;
        public BatchEmbedder Embedder { get; } = embedder;
        public TenantVectorStore Vectors { get; } = vectors;
        public bool CollectionReady { get; set; }

        /// <summary>qdrant_vectors rows written or removed since its statistics were last refreshed by this run.</summary>
        public int RowsSinceAnalyze { get; set; }
        public IndexingTimings Timings { get; } = new();

        /// <summary>False once known that the source has no parked rows, which saves un-parking statements on every batch.</summary>
        public bool SourceHadParkedRows { get; set; } = true;

        // The hash covers everything that shapes a point, so a new model, template or chunking re-embeds the rows.
        public string HashPrefix { get; } = RecordText.HashPrefix(model, source, job.CollectionName);
    }

    [LoggerMessage(EventId = 8100, Level = LogLevel.Information, Message = "Indexing job {JobId} started for tenant {TenantId}, table {Table}, from record {Cursor}")]
    private partial void LogStarted(long jobId, int tenantId, string table, int cursor);

    [LoggerMessage(EventId = 8101, Level = LogLevel.Information, Message = "Indexing job {JobId} completed ({Table}): {Timings}")]
    private partial void LogFinished(long jobId, string table, string timings);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Warning, Message = "Indexing job {JobId} paused")]
    private partial void LogPaused(Exception exception, long jobId);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "Indexing job {JobId} could not refresh the statistics of qdrant_vectors; it goes on")]
    private partial void LogAnalyzeFailed(Exception exception, long jobId);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Error, Message = "Indexing job {JobId} failed")]
    private partial void LogFailed(Exception exception, long jobId);
}
