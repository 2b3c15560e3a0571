using Microsoft.EntityFrameworkCore;
using Npgsql;
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

    public async Task<decimal> MonthToDateAsync(int tenantId, CancellationToken cancellationToken = default) =>
        (await MonthToDateByProviderAsync(tenantId, cancellationToken)).Values.Sum();

    // The budget check's read, before every AI call: one grouped query on the primary, without a context.
    public async Task<IReadOnlyDictionary<string, decimal>> MonthToDateByProviderAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var command = database.Primary.CreateCommand(
            "SELECT provider, sum(cost) FROM ai_usage_tracking WHERE tenant_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY provider");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = UsagePeriods.MonthStart(now).ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = UsagePeriods.NextMonthStart(now).ToUniversalTime() });
        var spent = new Dictionary<string, decimal>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            spent[reader.GetString(0)] = reader.GetDecimal(1);
        return spent;
    }

    /// <summary>The rows every spend figure sums: the tenant's, in [from, to).</summary>
    public static IQueryable<AiUsageRecord> Rows(PulseDbContext db, int tenantId, DateTimeOffset fromUtc, DateTimeOffset toUtc) =>
        db.AiUsage.Where(u => u.TenantId == tenantId && u.CreatedAt >= fromUtc && u.CreatedAt < toUtc);
}
