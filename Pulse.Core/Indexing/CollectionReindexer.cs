using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;
using Pulse.Core.Providers;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Indexing;

/// <summary>
/// Re-embeds the source rows behind a collection into a new physical collection of another dimension, for a schema
/// rebuild: the pipeline sources that target the collection (read in keyset pages, rendered, chunked and hashed as indexing
/// jobs do), or the tenant content collection built from <c>content_metadata</c>. Embedding goes through the tenant's
/// provider chain in batches (<see cref="BatchEmbedder"/>: retries, parking, usage rows). The sources are claimed with
/// running jobs, so no other job writes them meanwhile, and the ledger is replaced with the alias switch.
/// </summary>
public sealed class CollectionReindexer(
    PulseDatabase database,
    IVectorStore store,
    IServiceScopeFactory scopes,
    SourceReader reader,
    ReindexPlanner planner,
    IOptions<IndexingOptions> options,
    TimeProvider time)
{
    /// <summary>Whether and how the points of <paramref name="collection"/> (live at <paramref name="liveCollection"/>) can be re-embedded at <paramref name="dimension"/>.</summary>
    public Task<ReindexPlan> PlanAsync(string collection, string liveCollection, int dimension, CancellationToken cancellationToken = default) =>
        planner.PlanAsync(collection, liveCollection, dimension, cancellationToken);

    /// <summary>
    /// Fills <paramref name="target"/> (an empty collection of the plan's dimension) from the plan's sources, then runs
    /// <paramref name="swap"/> together with the ledger's replacement. Stopping at any point before the swap leaves the alias
    /// and the ledger as they were. Throws <see cref="IndexingException"/> when the rebuild cannot go on.
    /// </summary>
    public async Task RunAsync(
        ReindexPlan plan, string target, string requestedBy, Func<CancellationToken, Task> swap, Func<Task> undo, IProgress<string>? progress,
        CancellationToken cancellationToken = default)
    {
        if (plan.Refusal is not null || plan.TenantId is not int tenantId) throw new IndexingException(plan.Refusal ?? "Nothing to re-embed from.");
        var vectors = new TenantVectorStore(store, SystemTenantContext.ForTenant(tenantId));
        await using var scope = scopes.CreateAsyncScope();
        var (embedder, primary) = await BatchEmbedder.ForTenantAsync(scope.ServiceProvider, tenantId, options.Value, time, cancellationToken).ConfigureAwait(false);
        if (primary.Dimension != plan.Dimension || primary.Id != plan.Integration?.Id)
            throw new IndexingException($"The tenant's default embedding integration changed since the diff (now '{primary.Name}', {primary.Dimension?.ToString() ?? "unknown"} dims); diff and apply again.");
        var run = new Run(plan, tenantId, target, primary, embedder, vectors, progress);
        if (plan.IsContentCollection)
        {
            await FillFromContentAsync(run, cancellationToken).ConfigureAwait(false);
            await swap(cancellationToken).ConfigureAwait(false);
            return;
        }

        var counts = new List<(IndexingSource, int)>();
        foreach (var source in plan.Sources)
            counts.Add((source, await reader.CountAsync(tenantId, source.Table, cancellationToken).ConfigureAwait(false)));
        run.Total = counts.Sum(c => (long)c.Item2);
        await using var claim = await ReindexClaim.TakeAsync(database, tenantId, counts, plan.Collection, requestedBy, cancellationToken).ConfigureAwait(false);
        var ledger = new ReindexLedger(database, tenantId, plan.Collection, primary.UsageModelName);
        try
        {
            foreach (var source in plan.Sources)
                await FillFromSourceAsync(run, source, claim, ledger, cancellationToken).ConfigureAwait(false);
            await ledger.ReplaceAsync(plan.Sources, swap, undo, cancellationToken).ConfigureAwait(false);
            await claim.FinishAsync(IndexingJobStates.Completed, ledger.Parked == 0 ? null : $"{ledger.Parked} row(s) could not be embedded and are parked.").ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await claim.FinishAsync(IndexingJobStates.Cancelled, $"The rebuild of {plan.Collection} was cancelled; the alias still points at the old collection.").ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (ex is IndexingException or ProviderException or ProviderUnavailableException or BudgetExceededException or VectorStoreException)
        {
            await claim.FinishAsync(IndexingJobStates.Failed, $"The rebuild of {plan.Collection} stopped: {ex.Message} The alias still points at the old collection.").ConfigureAwait(false);
            throw ex is IndexingException or VectorStoreException ? ex : new IndexingException(ex.Message, ex);
        }
    }

    private async Task FillFromSourceAsync(Run run, IndexingSource source, ReindexClaim claim, ReindexLedger ledger, CancellationToken cancellationToken)
    {
        // The hash is the one an indexing job computes for the alias, so the next job finds every row unchanged.
        var prefix = RecordText.HashPrefix(run.Primary.UsageModelName, source, run.Plan.Collection);
        var cursor = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await reader.ReadPageAsync(run.TenantId, source.Table, cursor, Math.Max(1, options.Value.ReadPageSize), cancellationToken).ConfigureAwait(false);
            if (page.Count == 0) return;
            var records = page.Select(r => RecordText.Prepare(source, r, prefix, options.Value.MaxChunksPerRecord, 0)).ToList();
            var outcome = await run.Embedder.EmbedAsync(run.TenantId, [.. records.Where(r => r.Chunks.Count > 0)], cancellationToken).ConfigureAwait(false);
            var provider = outcome.LastCall is { } served ? ProviderNames.Provider(served.Provider) : ProviderNames.Provider(run.Primary.Kind);
            var points = new List<VectorPoint>();
            var embedded = 0;
            foreach (var record in records)
            {
                IReadOnlyList<float[]> vectors = [];
                if (record.Chunks.Count > 0 && !outcome.Vectors.TryGetValue(record.RecordId, out vectors!)) continue; // parked
                var ids = new Guid[record.Chunks.Count];
                for (var i = 0; i < ids.Length; i++)
                {
                    ids[i] = IndexingPointIds.For(run.TenantId, source.Table, record.RecordId, source.VectorType, i);
                    points.Add(new VectorPoint(ids[i], run.Check(vectors[i]), RecordText.Payload(run.TenantId, source, run.Primary.UsageModelName, record.RecordId, i, record.Chunks[i])));
                }

                ledger.Add(source, new IndexedRecord(record.RecordId, record.Hash, ids), provider);
                embedded++;
            }

            foreach (var parked in outcome.Parked) ledger.Park(source.Table, claim.JobOf(source.Table), parked);
            if (points.Count > 0) await run.Vectors.UpsertAsync(run.Target, points, wait: true, cancellationToken).ConfigureAwait(false);
            cursor = page[^1].Id;
            var state = await claim.ProgressAsync(source.Table, cursor, page.Count, embedded, outcome.Parked.Count, points.Count, outcome.Retries,
                run.Primary.UsageModelName, provider, cancellationToken).ConfigureAwait(false);
            if (state != IndexingJobStates.Running)
                throw new IndexingException($"The rebuild's job for {source.Label} was {state} on the Indexing page.");
            run.Report(page.Count);
        }
    }

    private async Task FillFromContentAsync(Run run, CancellationToken cancellationToken)
    {
        run.Total = run.Plan.Rows;
        var cursor = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await ContentCollectionBuilder.ReadPageAsync(database, run.TenantId, cursor, Math.Max(1, options.Value.ReadPageSize), cancellationToken).ConfigureAwait(false);
            if (page.Count == 0) return;
            var records = page.Select(p => new PendingRecord(p.Row.Id, "", [ContentCollectionBuilder.Text(p.Row)], 0)).ToList();
            var outcome = await run.Embedder.EmbedAsync(run.TenantId, records, cancellationToken).ConfigureAwait(false);
            if (outcome.Parked.Count > 0)
                throw new IndexingException($"Content row {outcome.Parked[0].RecordId} could not be embedded ({outcome.Parked[0].Error}); the content collection is rebuilt whole or not at all.");
            var points = page.Select(p => new VectorPoint(ContentCollectionBuilder.PointIdFor(run.TenantId, p.Row.Id),
                run.Check(outcome.Vectors[p.Row.Id][0]), ContentCollectionBuilder.Payload(p.Row, p.Leaf))).ToList();
            await run.Vectors.UpsertAsync(run.Target, points, wait: true, cancellationToken).ConfigureAwait(false);
            cursor = page[^1].Row.Id;
            run.Report(page.Count);
        }
    }

    private sealed class Run(ReindexPlan plan, int tenantId, string target, IntegrationSpec primary, BatchEmbedder embedder, TenantVectorStore vectors, IProgress<string>? progress)
    {
        private long _done;

        public ReindexPlan Plan { get; } = plan;
        public int TenantId { get; } = tenantId;
        public string Target { get; } = target;
        public IntegrationSpec Primary { get; } = primary;
        public BatchEmbedder Embedder { get; } = embedder;
        public TenantVectorStore Vectors { get; } = vectors;
        public long Total { get; set; }

        /// <summary>A vector of another length means a fallback of another model space answered: nothing may be written.</summary>
        public float[] Check(float[] vector) => vector.Length == Plan.Dimension ? vector
            : throw new IndexingException($"The embedding provider returned {vector.Length}-dimensional vectors; the new collection needs {Plan.Dimension}.");

        public void Report(int rows)
        {
            _done += rows;
            progress?.Report($"{Plan.Collection}: re-embedded {_done:N0} of {Math.Max(Total, _done):N0} rows into {Target}");
        }
    }
}
