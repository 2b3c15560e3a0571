using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Preferences;

/// <summary>
/// Records the budget alert (seed 001's ml_anomaly_alerts) at most once per tenant and month. The insert skips on the
/// unique index of migration 0009, so concurrent calls that cross the threshold together still write one row.
/// </summary>
public static class BudgetAlerts
{
    /// <summary>The model_name budget alerts are filed under.</summary>
    public const string ModelName = "budget_guard";

    /// <summary>Severity by how far the spend has gone: under 90% of the budget low, under 100% medium, under 120% high, beyond critical.</summary>
    public static string Severity(decimal percentUsed) => percentUsed switch
    {
        < 90m => "low",
        < 100m => "medium",
        < 120m => "high",
        _ => "critical",
    };

    /// <summary>Inserts the period's alert unless it exists; true when this call wrote it.</summary>
    internal static async Task<bool> RecordOnceAsync(PulseDatabase database, int tenantId, BudgetStatus status, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(new
        {
            kind = "budget_threshold",
            period = status.PeriodKey,
            budget = status.Budget,
            spent = status.Spent,
            percent_used = status.PercentUsed,
            threshold_percent = status.ThresholdPercent,
            action = status.Action == BudgetAction.Refuse ? "refuse" : "warn_only",
            currency = status.Currency,
            message = status.Summary,
        });
        return await InsertOnceAsync(database, tenantId, status.PeriodKey, Severity(status.PercentUsed), data, usageAlertPeriod: status.PeriodKey, cancellationToken);
    }

    /// <summary>
    /// Inserts the period's alert for one provider's cap unless it exists; true when this call wrote it. Filed under the
    /// same model_name with the period "yyyy-MM:provider", so the unique index keeps one per provider and month.
    /// </summary>
    internal static async Task<bool> RecordProviderCapOnceAsync(PulseDatabase database, int tenantId, BudgetStatus status, ProviderCapStatus cap, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(new
        {
            kind = "provider_cap",
            period = $"{status.PeriodKey}:{cap.Provider}",
            provider = cap.Provider,
            cap = cap.Cap,
            spent = cap.Spent,
            percent_used = cap.PercentUsed,
            threshold_percent = status.ThresholdPercent,
            action = status.Action == BudgetAction.Refuse ? "refuse" : "warn_only",
            currency = cap.Currency,
            message = cap.Summary,
        });
        return await InsertOnceAsync(database, tenantId, $"{status.PeriodKey}:{cap.Provider}", Severity(cap.PercentUsed), data, usageAlertPeriod: null, cancellationToken);
    }

    /// <summary>
    /// The one alert writer: inserts unless the period already has its alert (the unique index on the period decides,
    /// and with <paramref name="usageAlertPeriod"/> the usage module's own alert for that month counts too). A period
    /// this process saw written is not tried again, so a tenant past its threshold costs no insert on every AI call.
    /// </summary>
    private static async Task<bool> InsertOnceAsync(
        PulseDatabase database, int tenantId, string period, string severity, string data, string? usageAlertPeriod, CancellationToken cancellationToken)
    {
        var seen = Written.GetOrCreateValue(database);
        if (seen.ContainsKey((tenantId, period))) return false;
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
        var written = usageAlertPeriod is null
            ? await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO ml_anomaly_alerts (tenant_id, model_name, severity, alert_data)
                VALUES ({tenantId}, {ModelName}, {severity}, CAST({data} AS jsonb))
                ON CONFLICT (tenant_id, (alert_data->>'period')) WHERE model_name = 'budget_guard' DO NOTHING
                """, cancellationToken)
            : await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO ml_anomaly_alerts (tenant_id, model_name, severity, alert_data)
                SELECT {tenantId}, {ModelName}, {severity}, CAST({data} AS jsonb)
                WHERE NOT EXISTS (SELECT 1 FROM ml_anomaly_alerts WHERE tenant_id = {tenantId} AND model_name = 'usage'
                                  AND alert_data->>'kind' = 'budget_threshold' AND alert_data->>'key' LIKE {"budget_threshold:" + usageAlertPeriod + ":%"})
                ON CONFLICT (tenant_id, (alert_data->>'period')) WHERE model_name = 'budget_guard' DO NOTHING
                """, cancellationToken);
        // Written now, or already there: either way the period has its alert.
        seen.TryAdd((tenantId, period), true);
        return written == 1;
    }

    private static readonly ConditionalWeakTable<PulseDatabase, ConcurrentDictionary<(int TenantId, string Period), bool>> Written = new();
}
