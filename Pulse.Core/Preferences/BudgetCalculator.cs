using System.Globalization;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Usage;

namespace Pulse.Core.Preferences;

/// <summary>Evaluates a tenant's budget from its cost limits and the shared spend meter; works without a signed-in user.</summary>
internal sealed class BudgetCalculator(TenantAiSettingsCache settingsCache, ISpendMeter spend, TimeProvider clock, BudgetUtilisation utilisation)
{
    public async Task<BudgetStatus> EvaluateAsync(int tenantId, CancellationToken cancellationToken)
    {
        // The limits (from the settings cache) and the spend (always read afresh) are independent reads.
        var limitsRead = settingsCache.GetAsync(tenantId, cancellationToken);
        var byProvider = await spend.MonthToDateByProviderAsync(tenantId, cancellationToken);
        var limits = (await limitsRead).Parsed(PreferenceDocuments.CostLimitsType, PreferenceDocuments.Read<CostLimitsPreference>);
        var status = Status(limits, byProvider.Values.Sum(), clock.GetUtcNow(), byProvider);
        utilisation.Record(tenantId, status);
        return status;
    }

    internal static BudgetStatus Status(CostLimitsPreference limits, decimal spent, DateTimeOffset now, IReadOnlyDictionary<string, decimal>? spentByProvider = null)
    {
        var start = UsagePeriods.MonthStart(now);
        var monthDays = (decimal)(UsagePeriods.NextMonthStart(now) - start).TotalDays;
        // At least one day elapsed, so the first hour's spend does not project a fortune.
        var elapsedDays = Math.Max(1m, (decimal)(now - start).TotalDays);
        var projected = Math.Round(spent / elapsedDays * monthDays, 4);
        var budget = limits.MonthlyBudget;
        var state = !limits.HasBudget ? BudgetState.NoBudget : StateOf(limits, spent, budget);
        var period = UsagePeriods.MonthLabel(now);
        var caps = limits.ProviderCaps.Where(c => c.MonthlyCap > 0).Select(c =>
        {
            // Usage rows carry the canonical stored name ("azure_openai", never the "azure" alias).
            var key = ProviderNames.ParseProvider(c.Provider) is { } kind ? ProviderNames.Provider(kind) : c.Provider;
            var providerSpent = spentByProvider?.GetValueOrDefault(key) ?? 0m;
            return new ProviderCapStatus(c.Provider, c.MonthlyCap, providerSpent, StateOf(limits, providerSpent, c.MonthlyCap), limits.Currency, period);
        }).ToList();
        return new BudgetStatus(budget, spent, projected, limits.AlertThresholdPercent, limits.ActionAtLimit, limits.Currency,
            period, start.ToString("yyyy-MM", CultureInfo.InvariantCulture), state) { ProviderCaps = caps };
    }

    // The budget's threshold and action, applied to the whole budget or to one provider's cap.
    private static BudgetState StateOf(CostLimitsPreference limits, decimal spent, decimal limit) =>
        spent >= limit ? (limits.ActionAtLimit == BudgetAction.Refuse ? BudgetState.Refusing : BudgetState.OverBudget)
        : spent * 100m >= limit * limits.AlertThresholdPercent ? BudgetState.OverThreshold
        : BudgetState.UnderThreshold;
}
