using System.Globalization;
using System.Text.Json;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.Usage.Budget;

namespace Pulse.Core.Usage.Alerts;

/// <summary>
/// Usage alerts in <c>ml_anomaly_alerts</c> (model_name 'usage'): budget threshold and budget exceeded (once per
/// month), projected overrun (once per month) and anomalous days (<see cref="DailySpendAnomaly"/>, once per day).
/// Listing and acknowledging also cover the threshold alerts the budget guard records as AI calls are made
/// (model_name 'budget_guard', <see cref="Preferences.BudgetAlerts"/>); a month whose crossing the guard already
/// recorded gets no second threshold alert from here.
/// Each is keyed in alert_data, and raised under a per-tenant advisory lock, so it is raised once however often and
/// on however many instances evaluation runs. The projection and anomaly scores are logged in <c>ml_prediction_log</c>.
/// </summary>
public sealed class UsageAlertService(PulseDatabase database, TenantBudgetReader budgets, TimeProvider clock, ITenantContext tenant)
{
    public const string ModelName = "usage";

    // Every alert family shown on the usage page and the dashboard.
    private const string ListedModels = $"('{ModelName}', '{Preferences.BudgetAlerts.ModelName}')";

    /// <summary>Evaluates every tenant with usage in the last <see cref="DailySpendAnomaly.LookbackDays"/> days (background job).</summary>
    public async Task<int> EvaluateAllAsync(CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        // Tenants with usage in the evaluated window.
        var tenants = new List<int>();
        await using (var command = database.Primary.CreateCommand("SELECT DISTINCT tenant_id FROM ai_usage_daily WHERE day >= @from UNION SELECT DISTINCT tenant_id FROM ai_usage_rollup_pending"))
        {
            command.Parameters.AddWithValue("from", today.AddDays(-DailySpendAnomaly.LookbackDays));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) tenants.Add(reader.GetInt32(0));
        }
        var raised = 0;
        foreach (var id in tenants) raised += await EvaluateAsync(id, cancellationToken);
        return raised;
    }

    /// <summary>Evaluates one tenant; returns the number of alerts raised now.</summary>
    public async Task<int> EvaluateAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var aggregates = new UsageAggregates(database, SystemTenantContext.ForTenant(tenantId));
        var month = await new MonthBudgetService(aggregates, budgets, clock).CurrentMonthAsync(tenantId, cancellationToken);
        var from = today.AddDays(-(DailySpendAnomaly.BaselineDays + DailySpendAnomaly.LookbackDays));
        var daily = (await aggregates.QueryAsync(new UsageQuery(from, today), cancellationToken)).ByPeriod().Select(p => p.Figures.Cost).ToList();
        var threshold = await budgets.AlertThresholdPercentAsync(tenantId, cancellationToken);

        await using var connection = await database.Primary.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(20011, @t)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("t", tenantId);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        var raised = 0;
        var monthKey = month!.MonthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (month.MonthlyBudget is { } budget)
        {
            var used = month.SpendToDate / budget * 100;
            if (used >= 100)
                raised += await RaiseAsync(connection, transaction, tenantId, $"budget_exceeded:{monthKey}", "budget_exceeded", "high",
                    $"Month-to-date spend {Money(month.SpendToDate)} has reached the {Money(budget)} monthly budget.", new { spend = month.SpendToDate, budget }, cancellationToken);
            else if (used >= threshold && !await GuardRecordedAsync(connection, transaction, tenantId, monthKey, cancellationToken))
                raised += await RaiseAsync(connection, transaction, tenantId, $"budget_threshold:{monthKey}:{threshold}", "budget_threshold", "medium",
                    $"Month-to-date spend {Money(month.SpendToDate)} has passed {threshold}% of the {Money(budget)} monthly budget.", new { spend = month.SpendToDate, budget, threshold_percent = threshold }, cancellationToken);
            if (month.ProjectedOverrun && used < 100)
                raised += await RaiseAsync(connection, transaction, tenantId, $"projected_overrun:{monthKey}", "projected_overrun", "medium",
                    $"At this month's pace spend will reach {Money(month.ProjectedMonthEnd)}, over the {Money(budget)} budget.", new { projected = month.ProjectedMonthEnd, budget }, cancellationToken);
        }
        await LogPredictionAsync(connection, transaction, tenantId, "usage_month_end_projection", $"projection:{today:yyyy-MM-dd}", (double)month.ProjectedMonthEnd,
            null, month.ProjectedOverrun, month.ProjectedOverrun ? "warning" : "normal", new { spend_to_date = month.SpendToDate, budget = month.MonthlyBudget, days_in_month = month.DaysInMonth }, cancellationToken);

        for (var i = DailySpendAnomaly.BaselineDays; i < daily.Count; i++)
        {
            var day = from.AddDays(i);
            if (DailySpendAnomaly.Score(daily[i], daily.Skip(i - DailySpendAnomaly.BaselineDays).Take(DailySpendAnomaly.BaselineDays).ToList()) is not var (score, median, spread)) continue;
            var anomalous = score >= DailySpendAnomaly.Threshold;
            await LogPredictionAsync(connection, transaction, tenantId, "usage_daily_spend_anomaly", $"anomaly:{day:yyyy-MM-dd}", (double)daily[i], score, anomalous,
                score >= DailySpendAnomaly.HighThreshold ? "critical" : anomalous ? "warning" : "normal", new { day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), median, spread }, cancellationToken);
            if (anomalous)
                raised += await RaiseAsync(connection, transaction, tenantId, $"anomalous_day:{day:yyyy-MM-dd}", "anomalous_day", score >= DailySpendAnomaly.HighThreshold ? "high" : "medium",
                    $"Spend on {day.ToString("MMM d", CultureInfo.InvariantCulture)} was {Money(daily[i])}, {score:0.0} robust standard deviations above the 28-day median of {Money(median)}.",
                    new { day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), spend = daily[i], median, score }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return raised;
    }

    /// <summary>Alerts of the tenant in scope (all tenants for a platform admin without one), newest first.</summary>
    public async Task<IReadOnlyList<UsageAlert>> ListAsync(bool includeAcknowledged, CancellationToken cancellationToken = default)
    {
        var scope = Scope();
        await using var connection = await database.OpenReadConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT a.id, a.tenant_id, t.name, a.alert_data->>'kind', a.severity, a.alert_data->>'message', a.created_at, a.acknowledged,
                   u.email, a.acknowledged_at
            FROM ml_anomaly_alerts a JOIN tenants t ON t.id = a.tenant_id LEFT JOIN users u ON u.id = a.acknowledged_by
            WHERE a.model_name IN {ListedModels} AND a.active {(scope is null ? "" : "AND a.tenant_id = @t")} {(includeAcknowledged ? "" : "AND NOT a.acknowledged")}
            ORDER BY a.created_at DESC, a.id DESC LIMIT 50
            """, connection);
        if (scope is not null) command.Parameters.AddWithValue("t", scope.Value);
        var alerts = new List<UsageAlert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            alerts.Add(new UsageAlert(reader.GetInt32(0), reader.GetInt32(1), reader.GetString(2), reader.IsDBNull(3) ? "" : reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? "" : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetBoolean(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9)));
        return alerts;
    }

    /// <summary>Acknowledges an alert of the tenant in scope as the signed-in user; false when there is no such open alert.</summary>
    public async Task<bool> AcknowledgeAsync(int alertId, CancellationToken cancellationToken = default)
    {
        var scope = Scope();
        if (!tenant.IsPlatformAdmin && !tenant.Roles.Contains(PulseRoles.TenantOwner))
            throw new TenantAccessDeniedException("Only tenant owners and platform admins can acknowledge usage alerts.");
        if (!int.TryParse(tenant.UserId, NumberStyles.None, CultureInfo.InvariantCulture, out var userId))
            throw new TenantAccessDeniedException("Only a signed-in user can acknowledge an alert.");
        await using var command = database.Primary.CreateCommand($"""
            UPDATE ml_anomaly_alerts SET acknowledged = TRUE, acknowledged_by = @u, acknowledged_at = now(), updated_at = now()
            WHERE id = @id AND model_name IN {ListedModels} AND NOT acknowledged {(scope is null ? "" : "AND tenant_id = @t")}
            """);
        command.Parameters.AddWithValue("u", userId);
        command.Parameters.AddWithValue("id", alertId);
        if (scope is not null) command.Parameters.AddWithValue("t", scope.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static string Money(decimal value) => value.ToString("$#,0.00", CultureInfo.InvariantCulture);

    private static string Money(double value) => Money((decimal)value);

    private int? Scope() => tenant.IsPlatformAdmin ? tenant.TenantId
        : tenant.TenantId ?? throw new TenantAccessDeniedException("Usage alerts need a tenant, and none is selected.");

    private static async Task<bool> GuardRecordedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int tenantId, string monthKey, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT EXISTS (SELECT 1 FROM ml_anomaly_alerts WHERE tenant_id = @t AND model_name = '{Preferences.BudgetAlerts.ModelName}' AND alert_data->>'period' = @period)",
            connection, transaction);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("period", monthKey);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<int> RaiseAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int tenantId, string key, string kind, string severity,
        string message, object details, CancellationToken cancellationToken)
    {
        var data = JsonSerializer.Serialize(new { key, kind, message, details });
        await using var command = new NpgsqlCommand($"""
            INSERT INTO ml_anomaly_alerts (tenant_id, model_name, severity, alert_data)
            SELECT @t, '{ModelName}', @severity, @data::jsonb
            WHERE NOT EXISTS (SELECT 1 FROM ml_anomaly_alerts WHERE tenant_id = @t AND model_name = '{ModelName}' AND alert_data->>'key' = @key)
            """, connection, transaction);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("severity", severity);
        command.Parameters.AddWithValue("data", data);
        command.Parameters.AddWithValue("key", key);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // One prediction per key (a day's projection, a day's anomaly score): later evaluations update it in place.
    private static async Task LogPredictionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int tenantId, string model, string key, double value,
        double? score, bool anomaly, string severity, object features, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(new { key, features });
        await using var command = new NpgsqlCommand("""
            WITH updated AS (
                UPDATE ml_prediction_log SET prediction_value = @v, anomaly_score = @s, is_anomaly = @a, severity = @sev, input_features = @f::jsonb, updated_at = now()
                WHERE tenant_id = @t AND model_name = @m AND input_features->>'key' = @key RETURNING id)
            INSERT INTO ml_prediction_log (tenant_id, model_name, prediction_value, anomaly_score, is_anomaly, severity, input_features)
            SELECT @t, @m, @v, @s, @a, @sev, @f::jsonb WHERE NOT EXISTS (SELECT 1 FROM updated)
            """, connection, transaction);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("m", model);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("v", value);
        command.Parameters.Add(new NpgsqlParameter("s", NpgsqlTypes.NpgsqlDbType.Double) { Value = (object?)score ?? DBNull.Value });
        command.Parameters.AddWithValue("a", anomaly);
        command.Parameters.AddWithValue("sev", severity);
        command.Parameters.AddWithValue("f", json);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
