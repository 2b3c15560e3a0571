using Pulse.Core.Data;
using Pulse.Core.Preferences;
using Pulse.Core.Tenancy;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Core.Usage.Alerts;
using Pulse.Core.Usage.Budget;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Usage;

/// <summary>Budget, projection and anomalous-day alerts: raised once, scored and logged as predictions, acknowledged by a user of the tenant only.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UsageAlertTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private UsageTestDatabase _db = null!;
    private PulseDatabase _database = null!;
    private readonly ManualTimeProvider _clock = new();

    public async Task InitializeAsync()
    {
        _db = await UsageTestDatabase.CreateAsync(postgres, "alerts");
        _database = new PulseDatabase();
        _database.Connect(_db.ConnectionString, null);
        _database.SetStatus(DatabaseStatus.Ready, null);
        _clock.Advance(Now - _clock.GetUtcNow());
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _db.DisposeAsync();
    }

    private UsageAlertService Alerts(ITenantContext? tenant = null) =>
        new(_database, new TenantBudgetReader(_database), _clock, tenant ?? SystemTenantContext.Platform);

    private Task<long> CountAsync(string where) => _db.ScalarAsync<long>($"SELECT count(*) FROM ml_anomaly_alerts WHERE tenant_id = {_db.TenantA} AND {where}");

    [Fact]
    public async Task A_spend_spike_is_flagged_once_as_an_anomalous_day_and_its_score_is_logged_as_a_prediction()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(1, 35).Select(back => UsageTestDatabase.Row(_db.TenantA, Now.AddDays(-back).AddHours(-1),
            back == 3 ? 12m : 1m + (random.Next(-10, 11) / 100m))).ToList();
        await _db.CopyAsync(rows);

        var first = await Alerts().EvaluateAllAsync();
        var predictions = await _db.ScalarAsync<long>("SELECT count(*) FROM ml_prediction_log");
        var second = await Alerts().EvaluateAllAsync();

        Assert.Equal(1, first);
        Assert.Equal(0, second);
        Assert.Equal(1L, await CountAsync("alert_data->>'kind' = 'anomalous_day' AND alert_data->>'key' = 'anomalous_day:2025-03-07'"));
        Assert.Equal(predictions, await _db.ScalarAsync<long>("SELECT count(*) FROM ml_prediction_log"));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM ml_prediction_log WHERE model_name = 'usage_daily_spend_anomaly' AND is_anomaly AND anomaly_score > 3.5"));
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM ml_prediction_log WHERE model_name = 'usage_month_end_projection'"));
        var alert = Assert.Single(await Alerts(TestTenantContext.User(_db.TenantA)).ListAsync(includeAcknowledged: false));
        Assert.Contains("Mar 7", alert.Message);
        Assert.Contains("$12.00", alert.Message);
    }

    [Fact]
    public async Task Budget_alerts_are_raised_once_each_as_spend_passes_the_projection_the_threshold_and_the_budget()
    {
        await _db.ExecuteAsync($"INSERT INTO tenant_ai_preferences (tenant_id, preference_type, configuration) VALUES ({_db.TenantA}, 'cost_limits', '{{\"monthly_budget\": 20, \"alert_threshold_percent\": 80}}')");
        var monthStart = new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, monthStart.AddHours(5), 8m)]); // 40%, but 8 in 9.5 days projects to 26.1
        Assert.Equal(1, await Alerts().EvaluateAsync(_db.TenantA));
        Assert.Equal(1L, await CountAsync("alert_data->>'kind' = 'projected_overrun'"));

        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, monthStart.AddDays(2), 9m)]); // 85%
        Assert.Equal(1, await Alerts().EvaluateAsync(_db.TenantA));
        Assert.Equal(1L, await CountAsync("alert_data->>'kind' = 'budget_threshold' AND severity = 'medium'"));

        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, monthStart.AddDays(3), 5m)]); // 110%
        Assert.Equal(1, await Alerts().EvaluateAsync(_db.TenantA));
        Assert.Equal(0, await Alerts().EvaluateAsync(_db.TenantA));
        Assert.Equal(1L, await CountAsync("alert_data->>'kind' = 'budget_exceeded' AND severity = 'high'"));
        Assert.Equal(3L, await CountAsync("TRUE"));
        Assert.Equal(0L, await _db.ScalarAsync<long>($"SELECT count(*) FROM ml_anomaly_alerts WHERE tenant_id = {_db.TenantB}"));
    }

    [Fact]
    public async Task Only_a_user_of_the_alerts_tenant_acknowledges_it_and_the_acknowledgement_records_who_and_when()
    {
        await _db.ExecuteAsync($"INSERT INTO tenant_ai_preferences (tenant_id, preference_type, configuration) VALUES ({_db.TenantA}, 'cost_limits', '{{\"monthly_budget\": 1}}')");
        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, Now.AddHours(-1), 2m)]);
        await Alerts().EvaluateAsync(_db.TenantA);
        var alertId = (await Alerts(TestTenantContext.User(_db.TenantA)).ListAsync(false)).Single().Id;
        var ownerA = await _db.ScalarAsync<int>($"INSERT INTO users (tenant_id, user_name, email) VALUES ({_db.TenantA}, 'a@test', 'a@test') RETURNING id");
        var ownerB = await _db.ScalarAsync<int>($"INSERT INTO users (tenant_id, user_name, email) VALUES ({_db.TenantB}, 'b@test', 'b@test') RETURNING id");

        Assert.False(await Alerts(new TestTenantContext(_db.TenantB, false, ownerB.ToString(), PulseRoles.TenantOwner)).AcknowledgeAsync(alertId));
        Assert.Empty(await Alerts(TestTenantContext.User(_db.TenantB)).ListAsync(includeAcknowledged: true));
        Assert.True(await Alerts(new TestTenantContext(_db.TenantA, false, ownerA.ToString(), PulseRoles.TenantOwner)).AcknowledgeAsync(alertId));

        var alert = (await Alerts(TestTenantContext.User(_db.TenantA)).ListAsync(includeAcknowledged: true)).Single();
        Assert.True(alert.Acknowledged);
        Assert.Equal("a@test", alert.AcknowledgedBy);
        Assert.NotNull(alert.AcknowledgedAt);
        Assert.Empty(await Alerts(TestTenantContext.User(_db.TenantA)).ListAsync(includeAcknowledged: false));
    }

    [Fact]
    public async Task A_threshold_crossing_the_budget_guard_recorded_is_listed_and_acknowledged_here_and_not_raised_twice()
    {
        await _db.ExecuteAsync($"INSERT INTO tenant_ai_preferences (tenant_id, preference_type, configuration) VALUES ({_db.TenantA}, 'cost_limits', '{{\"monthly_budget\": 20, \"alert_threshold_percent\": 80}}')");
        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, Now.AddHours(-1), 17m)]); // 85%
        var status = new BudgetStatus(20m, 17m, 17m, 80, BudgetAction.WarnOnly, "USD", "March 2025", "2025-03", BudgetState.OverThreshold);
        Assert.True(await BudgetAlerts.RecordOnceAsync(_database, _db.TenantA, status, default)); // as the provider chain records it

        await Alerts().EvaluateAsync(_db.TenantA);

        Assert.Equal(0L, await CountAsync("model_name = 'usage' AND alert_data->>'kind' = 'budget_threshold'"));
        var listed = await Alerts(TestTenantContext.User(_db.TenantA)).ListAsync(includeAcknowledged: false);
        var threshold = Assert.Single(listed, a => a.Kind == "budget_threshold");
        Assert.Contains("85% of the monthly budget", threshold.Message);
        var owner = await _db.ScalarAsync<int>($"INSERT INTO users (tenant_id, user_name, email) VALUES ({_db.TenantA}, 'o@test', 'o@test') RETURNING id");
        Assert.True(await Alerts(new TestTenantContext(_db.TenantA, false, owner.ToString(), PulseRoles.TenantOwner)).AcknowledgeAsync(threshold.Id));
        Assert.DoesNotContain(await Alerts(TestTenantContext.User(_db.TenantA)).ListAsync(includeAcknowledged: false), a => a.Id == threshold.Id);
        Assert.Empty(await Alerts(TestTenantContext.User(_db.TenantB)).ListAsync(includeAcknowledged: true));
    }

    [Fact]
    public async Task Once_the_usage_evaluation_raised_the_months_threshold_alert_the_budget_guard_records_none()
    {
        await _db.ExecuteAsync($"INSERT INTO tenant_ai_preferences (tenant_id, preference_type, configuration) VALUES ({_db.TenantA}, 'cost_limits', '{{\"monthly_budget\": 20, \"alert_threshold_percent\": 80}}')");
        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, Now.AddHours(-1), 17m)]);
        await Alerts().EvaluateAsync(_db.TenantA);

        var status = new BudgetStatus(20m, 17m, 17m, 80, BudgetAction.WarnOnly, "USD", "March 2025", "2025-03", BudgetState.OverThreshold);
        Assert.False(await BudgetAlerts.RecordOnceAsync(_database, _db.TenantA, status, default));
        Assert.Equal(1L, await CountAsync("alert_data->>'kind' = 'budget_threshold'"));
    }

    [Fact]
    public void The_robust_score_ignores_an_earlier_outlier_in_the_baseline_and_needs_enough_history()
    {
        var baseline = Enumerable.Repeat(1m, 27).Append(50m).ToList();
        Assert.True(DailySpendAnomaly.Score(3m, baseline)!.Value.Score >= DailySpendAnomaly.Threshold);
        Assert.True(DailySpendAnomaly.Score(1.02m, baseline)!.Value.Score < DailySpendAnomaly.Threshold);
        Assert.Null(DailySpendAnomaly.Score(100m, Enumerable.Repeat(0m, 20).Concat(Enumerable.Repeat(1m, 8)).ToList()));
    }
}
