namespace Pulse.Core.Usage;

/// <summary>
/// The one definition of "spend" (sum of <c>ai_usage_tracking.cost</c>, failed calls included at their recorded
/// cost, in the period's UTC bounds). The dashboard, the budget guard, the preferences gauge and the usage page
/// all read it here, so their figures agree.
/// </summary>
public interface ISpendMeter
{
    /// <summary>Spend of a tenant from <paramref name="fromUtc"/> (inclusive) to <paramref name="toUtc"/> (exclusive).</summary>
    Task<decimal> SpendAsync(int tenantId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken = default);

    /// <summary>Spend of a tenant in the current calendar month (UTC) up to now.</summary>
    Task<decimal> MonthToDateAsync(int tenantId, CancellationToken cancellationToken = default);

    /// <summary>Month-to-date spend of a tenant per provider (keyed by <c>ai_usage_tracking.provider</c>); providers with no rows are absent.</summary>
    Task<IReadOnlyDictionary<string, decimal>> MonthToDateByProviderAsync(int tenantId, CancellationToken cancellationToken = default);
}
