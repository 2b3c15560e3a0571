using Microsoft.Extensions.Logging;
using Pulse.Core.Data;
using Pulse.Core.Providers;

namespace Pulse.Core.Preferences;

/// <summary>
/// The budget check the provider chain runs before every AI call, over the tenant's cost limits and the shared
/// spend meter: past the alert threshold it records the period's alert and lets the call go with a warning; at a
/// refusing budget it refuses (the chain throws <see cref="BudgetExceededException"/>). Each per-provider cap is
/// checked the same way, with its own alert per month; a refusing cap only takes that provider out of the chain.
/// </summary>
internal sealed partial class PreferencesBudgetGuard(BudgetCalculator calculator, PulseDatabase database, ILogger<PreferencesBudgetGuard> logger) : IBudgetGuard
{
    /// <summary>The budget's name in refusals and warnings.</summary>
    public const string BudgetName = "Monthly AI budget";

    public async Task<BudgetDecision> CheckAsync(int tenantId, ProviderOperation operation, CancellationToken cancellationToken)
    {
        var status = await calculator.EvaluateAsync(tenantId, cancellationToken);
        var providerDecisions = new List<BudgetDecision>();
        foreach (var cap in status.CapsNeedingAttention)
        {
            if (await BudgetAlerts.RecordProviderCapOnceAsync(database, tenantId, status, cap, cancellationToken))
                LogProviderAlertRecorded(tenantId, cap.Provider, status.PeriodKey, cap.PercentUsed);
            providerDecisions.Add(new BudgetDecision(cap.State != BudgetState.Refusing, cap.BudgetName, cap.Cap, cap.Spent, cap.Currency, cap.Period,
                SoftLimitReached: cap.State != BudgetState.Refusing) { Provider = ProviderNames.ParseProvider(cap.Provider) });
        }

        if (status.State is BudgetState.NoBudget or BudgetState.UnderThreshold)
            return providerDecisions.Count == 0 ? BudgetDecision.Allow : BudgetDecision.Allow with { ProviderDecisions = providerDecisions };

        if (await BudgetAlerts.RecordOnceAsync(database, tenantId, status, cancellationToken))
            LogAlertRecorded(tenantId, status.PeriodKey, status.PercentUsed);
        return status.State == BudgetState.Refusing
            ? BudgetDecision.Refuse(BudgetName, status.Budget, status.Spent, status.Currency, status.Period)
            : new BudgetDecision(true, BudgetName, status.Budget, status.Spent, status.Currency, status.Period, SoftLimitReached: true) { ProviderDecisions = providerDecisions };
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Tenant {TenantId} reached its AI budget alert threshold for {Period} ({PercentUsed}% used); alert recorded.")]
    private partial void LogAlertRecorded(int tenantId, string period, decimal percentUsed);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Tenant {TenantId} reached the alert threshold of its {Provider} cap for {Period} ({PercentUsed}% used); alert recorded.")]
    private partial void LogProviderAlertRecorded(int tenantId, string provider, string period, decimal percentUsed);
}
