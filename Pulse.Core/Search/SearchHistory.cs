using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Search;

/// <summary>
/// The signed-in user's playground history in the current tenant. Rows are tenant-owned (the model filters
/// them by tenant) and additionally filtered by user, so neither another tenant's nor a colleague's queries show.
/// </summary>
public sealed class SearchHistory(IPulseDbContextFactory contexts, ITenantContext tenant)
{
    /// <summary>How many entries a user keeps; older ones are pruned on write.</summary>
    public const int Kept = 50;

    /// <summary>The user's latest entries, newest first; empty for system work or without a tenant.</summary>
    public async Task<IReadOnlyList<SearchHistoryEntry>> ListAsync(int take = 20, CancellationToken cancellationToken = default)
    {
        if (UserKey() is not { } user || tenant.TenantId is null) return [];
        await using var db = contexts.CreateDbContext();
        return await db.Set<SearchHistoryEntry>().AsNoTracking()
            .Where(e => e.UserId == user)
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id)
            .Take(Math.Clamp(take, 1, Kept))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One of the user's entries, or null when it is not theirs (or not this tenant's).</summary>
    public async Task<SearchHistoryEntry?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        if (UserKey() is not { } user) return null;
        await using var db = contexts.CreateDbContext();
        return await db.Set<SearchHistoryEntry>().AsNoTracking().FirstOrDefaultAsync(e => e.Id == id && e.UserId == user, cancellationToken);
    }

    /// <summary>Remembers a search the user ran (nothing for system work, which has no user).</summary>
    public async Task RecordAsync(SearchResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        await AddAsync(response, null, cancellationToken);
    }

    /// <summary>Remembers a comparison as one entry: the first side, the second side's collection, integration, hits and latency, and the overlap.</summary>
    public async Task RecordComparisonAsync(CompareResponse comparison, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        await AddAsync(comparison.Left, comparison, cancellationToken);
    }

    private async Task AddAsync(SearchResponse response, CompareResponse? comparison, CancellationToken cancellationToken)
    {
        if (UserKey() is not { } user || tenant.TenantId is not { } tenantId) return;
        await using var db = contexts.CreateDbContext();
        var set = db.Set<SearchHistoryEntry>();
        var right = comparison?.Right;
        set.Add(new SearchHistoryEntry
        {
            TenantId = tenantId,
            UserId = user,
            QueryText = response.Request.Query,
            CollectionName = response.Request.Collection,
            Parameters = SearchLink.ToJson(response.Request, right is null ? null : CompareTarget.Between(response.Request, right.Request)),
            ResultCount = response.Hits.Count,
            TopScore = response.Hits.Count > 0 ? response.Hits[0].Score : null,
            TotalMs = response.Timing.TotalMs,
            IntegrationName = response.Embedding?.IntegrationName,
            FallbackUsed = response.Embedding?.FallbackUsed ?? false,
            CompareCollectionName = right?.Request.Collection,
            CompareIntegrationName = right?.Embedding?.IntegrationName,
            CompareResultCount = right?.Hits.Count,
            CompareTotalMs = right?.Timing.TotalMs,
            SharedCount = comparison?.SharedKeys.Count,
        });
        await db.SaveChangesAsync(cancellationToken);
        // One DELETE whose subquery keeps the newest: no round trip to read the stale ids first.
        var newest = set.Where(e => e.UserId == user).OrderByDescending(e => e.Id).Take(Kept).Select(e => e.Id);
        await set.Where(e => e.UserId == user && !newest.Contains(e.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Forgets the user's history in this tenant.</summary>
    public async Task<int> ClearAsync(CancellationToken cancellationToken = default)
    {
        if (UserKey() is not { } user) return 0;
        await using var db = contexts.CreateDbContext();
        return await db.Set<SearchHistoryEntry>().Where(e => e.UserId == user).ExecuteDeleteAsync(cancellationToken);
    }

    private int? UserKey() => int.TryParse(tenant.UserId, out var id) ? id : null;
}
