using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Providers;

namespace Pulse.Core.Indexing;

/// <summary>
/// Embeds records' chunks in one call per batch through the tenant's provider chain. A batch that fails on a transient
/// error is retried with exponential back-off; a batch that keeps failing is split to find the rows at fault, which are
/// parked with the error, while the rest are embedded. Failures that are about the provider rather than a row
/// (authentication, configuration, an open breaker, or transient errors even for a single row) stop the job instead,
/// so an outage never parks the whole table.
/// </summary>
internal sealed class BatchEmbedder(IEmbeddingService embeddings, IndexingOptions options, TimeProvider time, int callSize)
{
    /// <summary>
    /// Chunks per call: <see cref="IndexingOptions.EmbedBatchSize"/>, but no more than one request of the primary
    /// integration, so its timeout and requests-per-minute limit keep meaning one HTTP request. The built-in embedder
    /// sends no requests, so only the cap applies to it.
    /// </summary>
    public static int CallSize(IndexingOptions options, IntegrationSpec primary) =>
        Math.Max(1, primary.Kind == ProviderKind.LocalHashing
            ? options.EmbedBatchSize
            : Math.Min(options.EmbedBatchSize, primary.Performance.EffectiveBatchSize));

    /// <summary>
    /// An embedder over the tenant's default chain (and that chain's head), each call at most one request of the head as
    /// this tenant's calls use it (its batch size capped by the tenant's); <see cref="IndexingException"/> when the tenant has none.
    /// </summary>
    public static async Task<(BatchEmbedder Embedder, IntegrationSpec Primary)> ForTenantAsync(
        IServiceProvider services, int tenantId, IndexingOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var chain = await services.GetRequiredService<IIntegrationChainResolver>()
            .ResolveAsync(tenantId, ProviderSubtype.Embedding, null, cancellationToken).ConfigureAwait(false);
        if (chain.Count == 0) throw new IndexingException("No embedding provider is configured for this tenant; add one on the Integrations page, then start the job again.");
        var callSettings = await services.GetRequiredService<ITenantCallSettingsSource>().ForTenantAsync(tenantId, cancellationToken).ConfigureAwait(false);
        var embedder = new BatchEmbedder(services.GetRequiredService<IEmbeddingService>(), options, time, CallSize(options, callSettings.Apply(chain[0].Spec)));
        return (embedder, chain[0].Spec);
    }

    /// <summary>Embeds the records in calls of at most <c>callSize</c> chunks.</summary>
    public async Task<EmbedOutcome> EmbedAsync(int tenantId, IReadOnlyList<PendingRecord> records, CancellationToken cancellationToken)
    {
        var outcome = new EmbedOutcome();
        var batch = new List<PendingRecord>();
        var chunks = 0;
        foreach (var record in records)
        {
            batch.Add(record);
            chunks += record.Chunks.Count;
            if (chunks < callSize) continue;
            await EmbedGroupAsync(tenantId, batch, probe: true, outcome, cancellationToken).ConfigureAwait(false);
            (batch, chunks) = ([], 0);
        }
        if (batch.Count > 0) await EmbedGroupAsync(tenantId, batch, probe: true, outcome, cancellationToken).ConfigureAwait(false);
        return outcome;
    }

    private async Task EmbedGroupAsync(int tenantId, IReadOnlyList<PendingRecord> group, bool probe, EmbedOutcome outcome, CancellationToken cancellationToken)
    {
        var failure = await TryAsync(tenantId, group, outcome, cancellationToken).ConfigureAwait(false);
        if (failure is null) return;
        if (IsAboutTheProvider(failure)) throw new ProviderUnavailableException(failure);
        if (group.Count == 1)
        {
            if (failure.IsTransient && probe) throw new ProviderUnavailableException(failure);
            outcome.Parked.Add(new ParkedRecord(group[0].RecordId, failure.Message));
            return;
        }

        var rest = group;
        if (failure.IsTransient && probe)
        {
            // A whole batch failing on a transient error: either the provider is down or a row upsets it. One row alone tells.
            var single = await TryAsync(tenantId, [group[0]], outcome, cancellationToken).ConfigureAwait(false);
            if (single is not null && (single.IsTransient || IsAboutTheProvider(single))) throw new ProviderUnavailableException(single);
            if (single is not null) outcome.Parked.Add(new ParkedRecord(group[0].RecordId, single.Message));
            rest = group.Skip(1).ToList();
        }

        var half = (rest.Count + 1) / 2;
        await EmbedGroupAsync(tenantId, rest.Take(half).ToList(), probe: false, outcome, cancellationToken).ConfigureAwait(false);
        if (rest.Count > half) await EmbedGroupAsync(tenantId, rest.Skip(half).ToList(), probe: false, outcome, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Embeds the group with retries; null on success (vectors stored in <paramref name="outcome"/>), else the last failure.</summary>
    private async Task<ProviderException?> TryAsync(int tenantId, IReadOnlyList<PendingRecord> group, EmbedOutcome outcome, CancellationToken cancellationToken)
    {
        var texts = group.SelectMany(r => r.Chunks).ToList();
        var attempts = Math.Max(1, options.BatchAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                outcome.Calls++;
                var result = await embeddings.EmbedAsync(tenantId, texts, null, cancellationToken).ConfigureAwait(false);
                var next = 0;
                foreach (var record in group)
                {
                    outcome.Vectors[record.RecordId] = result.Vectors.Skip(next).Take(record.Chunks.Count).ToArray();
                    next += record.Chunks.Count;
                }
                outcome.LastCall = result.Call;
                return null;
            }
            catch (ProviderException ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (!ex.IsTransient || attempt >= attempts) return ex;
                outcome.Retries++;
                await Task.Delay(Backoff(attempt, ex.RetryAfter), time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = options.RetryBaseDelay * Math.Pow(2, attempt - 1) * (0.8 + Random.Shared.NextDouble() * 0.4);
        var delay = retryAfter is { } asked && asked > exponential ? asked : exponential;
        return delay > options.RetryMaxDelay ? options.RetryMaxDelay : delay;
    }

    private static bool IsAboutTheProvider(ProviderException ex) => ex.Category is ProviderErrorCategory.Unauthorized
        or ProviderErrorCategory.Configuration or ProviderErrorCategory.CircuitOpen or ProviderErrorCategory.WrongDimension;
}
