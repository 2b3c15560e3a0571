using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Usage;

/// <summary>
/// Spend read straight from <c>ai_usage_tracking</c> on the primary (a budget check must see the latest rows).
/// Uses a platform-wide context with an explicit tenant predicate, so a background job with no signed-in user
/// can check a tenant's budget too.
/// </summary>
public sealed class SpendMeter(PulseDatabase database, TimeProvider clock) : ISpendMeter
{
    public async Task<decimal> SpendAsync(int tenantId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken = default)
    {
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
        return await Rows(db, tenantId, fromUtc, toUtc).SumAsync(u => (decimal?)u.Cost, cancellationToken) ?? 0m;
    }

    public Task<decimal> MonthToDateAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return SpendAsync(tenantId, UsagePeriods.MonthStart(now), UsagePeriods.NextMonthStart(now), cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, decimal>> MonthToDateByProviderAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
        return await Rows(db, tenantId, UsagePeriods.MonthStart(now), UsagePeriods.NextMonthStart(now))
            .GroupBy(u => u.Provider)
            .Select(g => new { Provider = g.Key, Spent = g.Sum(u => u.Cost) })
            .ToDictionaryAsync(g => g.Provider, g => g.Spent, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>The rows every spend figure sums: the tenant's, in [from, to).</summary>
    public static IQueryable<AiUsageRecord> Rows(PulseDbContext db, int tenantId, DateTimeOffset fromUtc, DateTimeOffset toUtc) =>
        db.AiUsage.Where(u => u.TenantId == tenantId && u.CreatedAt >= fromUtc && u.CreatedAt < toUtc);
}
