using System.Globalization;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.Usage;

namespace Pulse.Core.Preferences;

/// <summary>Evaluates a tenant's budget from its cost limits and the shared spend meter; works without a signed-in user.</summary>
internal sealed class BudgetCalculator(PulseDatabase database, ISpendMeter spend, TimeProvider clock, BudgetUtilisation utilisation)
{
    public async Task<BudgetStatus> EvaluateAsync(int tenantId, CancellationToken cancellationToken)
    {
        CostLimitsPreference limits;
        await using (var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext())
            limits = await PreferencesStore.LoadCostLimitsAsync(db, tenantId, cancellationToken);
        var now = clock.GetUtcNow();
        var spent = await spend.MonthToDateAsync(tenantId, cancellationToken);
        var status = Status(limits, spent, now);
        utilisation.Record(tenantId, status);
        return status;
    }

    internal static BudgetStatus Status(CostLimitsPreference limits, decimal spent, DateTimeOffset now)
    {
        var start = UsagePeriods.MonthStart(now);
        var monthDays = (decimal)(UsagePeriods.NextMonthStart(now) - start).TotalDays;
        // At least one day elapsed, so the first hour's spend does not project a fortune.
        var elapsedDays = Math.Max(1m, (decimal)(now - start).TotalDays);
        var projected = Math.Round(spent / elapsedDays * monthDays, 4);
        var budget = limits.MonthlyBudget;
        var state = !limits.HasBudget ? BudgetState.NoBudget
            : spent >= budget ? (limits.ActionAtLimit == BudgetAction.Refuse ? BudgetState.Refusing : BudgetState.OverBudget)
            : spent * 100m >= budget * limits.AlertThresholdPercent ? BudgetState.OverThreshold
            : BudgetState.UnderThreshold;
        return new BudgetStatus(budget, spent, projected, limits.AlertThresholdPercent, limits.ActionAtLimit, limits.Currency,
            UsagePeriods.MonthLabel(now), start.ToString("yyyy-MM", CultureInfo.InvariantCulture), state);
    }
}
