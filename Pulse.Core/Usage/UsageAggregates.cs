using System.Data;
using Npgsql;
using NpgsqlTypes;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Usage;

/// <summary>
/// Reads <see cref="UsageSql.SettledFacts"/> and <see cref="UsageSql.PendingFacts"/> from the read source (the
/// replica when healthy) in one snapshot and adds them up per period and key. With a <see cref="UsageFactCache"/>,
/// the facts of closed days come from the cache while it is provably current, and only open days are read.
/// </summary>
public sealed class UsageAggregates(PulseDatabase database, ITenantContext tenant, UsageFactCache? cache = null) : IUsageAggregates
{
    private const string State = "SELECT closed_days_version, (now() AT TIME ZONE 'UTC')::date FROM ai_usage_rollup_state WHERE id = 1";

    public int? ResolveTenant(int? requestedTenantId)
    {
        if (tenant.IsPlatformAdmin) return requestedTenantId ?? tenant.TenantId;
        var own = tenant.TenantId ?? throw new TenantAccessDeniedException("Usage figures need a tenant, and none is selected.");
        if (requestedTenantId is { } requested && requested != own)
            throw new TenantAccessDeniedException("Access denied: usage of another tenant.");
        return own;
    }

    public async Task<UsageReport> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default)
    {
        if (query.ToDay <= query.FromDay) throw new ValidationFailedException("The end of the range must be after its start.");
        var tenantId = ResolveTenant(query.TenantId);
        try
        {
            return await database.ReadAsync(async (connection, token) =>
            {
                // Keyed by the server that answered: the replica's and the primary's facts are cached apart.
                var key = new UsageFactCache.Key(connection.ConnectionString, tenantId, query.Granularity, query.FromDay, query.ToDay);
                if (cache is not null && cache.TryGet(key, out var entry))
                {
                    if (await FromCacheAsync(connection, query, tenantId, entry, token) is { } facts)
                    {
                        cache.CountHit();
                        return new UsageReport(query, tenantId, facts);
                    }
                    cache.Forget(key);
                }
                cache?.CountMiss();
                return new UsageReport(query, tenantId, await ReadAllAsync(connection, query, tenantId, key, token));
            }, cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            throw new DatabaseUnavailableException($"Usage figures could not be read: {ex.Message}", ex);
        }
    }

    /// <summary>Every day of the range; stores the closed days' facts when they may be cached.</summary>
    private async Task<List<UsageFact>> ReadAllAsync(NpgsqlConnection connection, UsageQuery query, int? tenantId, UsageFactCache.Key key, CancellationToken cancellationToken)
    {
        // One snapshot for every statement: a rollup run committing between them would otherwise move a day
        // from pending to settled and count it twice or not at all.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        long version = 0;
        var split = query.FromDay; // without a cache, every day is read as one open range
        if (cache is not null)
        {
            await using var state = new UsageFactBatch(connection, transaction);
            state.Add(State);
            (version, var today) = await (await state.ExecuteAsync(cancellationToken)).ReadStateAsync(cancellationToken);
            // Yesterday stays open: its last rows are still being rolled up, and a day's margin absorbs clock skew
            // between the database that answers and the one the rollup runs on.
            split = Clamp(today.AddDays(-1), query.FromDay, query.ToDay);
        }
        await using var batch = new UsageFactBatch(connection, transaction);
        batch.AddPendingCheck(query.FromDay, split, tenantId);
        batch.AddFacts(query.Granularity, query.FromDay, split, tenantId);
        batch.AddFacts(query.Granularity, split, query.ToDay, tenantId);
        await batch.ExecuteAsync(cancellationToken);
        var closedPending = await batch.ReadFlagAsync(cancellationToken);
        var closed = await batch.ReadFactsAsync(split > query.FromDay, cancellationToken);
        var open = await batch.ReadFactsAsync(query.ToDay > split, cancellationToken);
        if (cache is not null && !closedPending && split > query.FromDay)
            cache.Store(key, version, split, closed.ToList().Select(Copy).ToList());
        foreach (var fact in open.ToList()) closed.Add(fact);
        return closed.ToList();
    }

    /// <summary>The cached closed days plus the open days read now; null when the entry is out of date.</summary>
    private static async Task<List<UsageFact>?> FromCacheAsync(NpgsqlConnection connection, UsageQuery query, int? tenantId, UsageFactCache.Entry entry, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var batch = new UsageFactBatch(connection, transaction);
        batch.Add(State);
        batch.AddPendingCheck(query.FromDay, entry.Split, tenantId);
        batch.AddFacts(query.Granularity, entry.Split, query.ToDay, tenantId);
        batch.AddNames(entry.Facts);
        await batch.ExecuteAsync(cancellationToken);
        var (version, _) = await batch.ReadStateAsync(cancellationToken);
        if (version != entry.Version | await batch.ReadFlagAsync(cancellationToken)) return null;
        var open = await batch.ReadFactsAsync(query.ToDay > entry.Split, cancellationToken);
        var (tenants, integrations) = await batch.ReadNamesAsync(cancellationToken);
        var facts = new UsageFactSet();
        foreach (var fact in entry.Facts)
            if (tenants.TryGetValue(fact.TenantId, out var tenantName)) // a deleted tenant's facts go, as the join drops them
                facts.Add(Copy(fact) with { TenantName = tenantName, IntegrationName = fact.IntegrationId is { } i ? integrations.GetValueOrDefault(i) : null });
        foreach (var fact in open.ToList()) facts.Add(fact);
        return facts.ToList();
    }

    private static UsageFact Copy(UsageFact fact)
    {
        var figures = new UsageFigures();
        figures.Add(fact.Figures);
        return fact with { Figures = figures };
    }

    private static DateOnly Clamp(DateOnly day, DateOnly min, DateOnly max) => day < min ? min : day > max ? max : day;
}
