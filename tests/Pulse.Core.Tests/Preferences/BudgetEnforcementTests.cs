using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Preferences;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.Tests.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Preferences;

/// <summary>The budget guard and defaults as the provider chain sees them, through Pulse.Core's real registration.</summary>
[Collection(PostgresCollection.Name)]
public sealed class BudgetEnforcementTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private ServiceProvider _services = null!;
    private PreferencesWorld _world = null!;

    public async Task InitializeAsync()
    {
        _services = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("budget"), SystemTenantContext.Platform);
        _world = new PreferencesWorld(_services.GetRequiredService<PulseDatabase>());
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private async Task<int> TenantWithBudgetAsync(decimal budget, BudgetAction action, decimal spent, int threshold = 80)
    {
        var tenant = await _world.TenantAsync();
        var owner = await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Olive Owner");
        var edit = TenantPreferences.Defaults();
        edit.CostLimits = new CostLimitsPreference { MonthlyBudget = budget, ActionAtLimit = action, AlertThresholdPercent = threshold };
        await _world.Service(owner).SaveAsync(edit, 0);
        if (spent > 0) await _world.SpendAsync(tenant, spent);
        return tenant;
    }

    private async Task<List<Pulse.Core.Data.Entities.MlAnomalyAlert>> AlertsAsync(int tenant)
    {
        await using var db = _world.Admin();
        return await db.MlAnomalyAlerts.Where(a => a.TenantId == tenant).ToListAsync();
    }

    private async Task EmbedAsync(int tenant)
    {
        using var scope = _services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<IEmbeddingService>().EmbedAsync(tenant, ["budget check"]);
    }

    [Fact]
    public void The_preferences_guard_and_defaults_replace_the_permissive_ones()
    {
        using var scope = _services.CreateScope();
        Assert.IsType<PreferencesBudgetGuard>(scope.ServiceProvider.GetRequiredService<IBudgetGuard>());
        Assert.IsType<PreferencesProviderDefaults>(scope.ServiceProvider.GetRequiredService<ITenantProviderDefaults>());
        Assert.Single(scope.ServiceProvider.GetServices<IBudgetGuard>().ToList());
    }

    [Fact]
    public async Task Under_the_threshold_calls_go_through_and_no_alert_is_recorded()
    {
        var tenant = await TenantWithBudgetAsync(10m, BudgetAction.Refuse, 5m);
        await EmbedAsync(tenant);
        Assert.Empty(await AlertsAsync(tenant));
    }

    [Fact]
    public async Task Past_the_threshold_a_warn_only_budget_lets_calls_through_and_records_one_alert_for_the_month()
    {
        var tenant = await TenantWithBudgetAsync(10m, BudgetAction.WarnOnly, 8.5m);

        await EmbedAsync(tenant);
        await EmbedAsync(tenant);
        await _world.SpendAsync(tenant, 5m); // now 135%: still the same month, so still one alert
        await EmbedAsync(tenant);

        var alert = Assert.Single(await AlertsAsync(tenant));
        Assert.Equal(BudgetAlerts.ModelName, alert.ModelName);
        Assert.Equal("low", alert.Severity);
        Assert.Contains("\"percent_used\": 85", alert.AlertData);
        Assert.Contains($"\"period\": \"{DateTimeOffset.UtcNow:yyyy-MM}\"", alert.AlertData);
    }

    [Fact]
    public async Task Concurrent_calls_crossing_the_threshold_together_record_exactly_one_alert()
    {
        var tenant = await TenantWithBudgetAsync(10m, BudgetAction.WarnOnly, 9.5m);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var scope = _services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<IBudgetGuard>().CheckAsync(tenant, ProviderOperation.Embedding, CancellationToken.None);
        }));

        Assert.All(decisions, d => Assert.True(d.Allowed && d.SoftLimitReached));
        var alert = Assert.Single(await AlertsAsync(tenant));
        Assert.Equal("medium", alert.Severity);
    }

    [Fact]
    public async Task At_a_refusing_budget_the_chain_refuses_naming_the_budget_and_the_spend()
    {
        var tenant = await TenantWithBudgetAsync(10m, BudgetAction.Refuse, 12.5m);

        var refused = await Assert.ThrowsAsync<BudgetExceededException>(() => EmbedAsync(tenant));

        Assert.Equal(
            $"The AI budget \"Monthly AI budget\" is exhausted: 12.5 USD spent of a 10 USD hard limit for {DateTimeOffset.UtcNow:MMMM yyyy}. AI calls are refused until the limit is raised or the period ends.",
            refused.Message);
        Assert.Equal("critical", Assert.Single(await AlertsAsync(tenant)).Severity);
        await using var db = _world.Admin();
        Assert.Equal(1, await db.AiUsage.CountAsync(u => u.TenantId == tenant)); // only the arranged row: no provider was asked
    }

    [Fact]
    public async Task One_tenants_spend_never_counts_against_another_tenants_budget()
    {
        var spender = await TenantWithBudgetAsync(10m, BudgetAction.Refuse, 50m);
        var frugal = await TenantWithBudgetAsync(10m, BudgetAction.Refuse, 1m);

        await EmbedAsync(frugal);
        await Assert.ThrowsAsync<BudgetExceededException>(() => EmbedAsync(spender));
        Assert.Empty(await AlertsAsync(frugal));
    }

    [Fact]
    public async Task The_budget_status_projects_the_month_and_says_when_calls_are_refused()
    {
        var limits = new CostLimitsPreference { MonthlyBudget = 30m, ActionAtLimit = BudgetAction.Refuse };
        var tenthOfJune = new DateTimeOffset(2026, 6, 11, 0, 0, 0, TimeSpan.Zero); // 10 of 30 days elapsed

        var under = BudgetStatusService.Preview(limits, 5m, tenthOfJune);
        Assert.Equal(BudgetState.UnderThreshold, under.State);
        Assert.Equal(15m, under.Projected);
        Assert.Equal(BudgetState.OverThreshold, BudgetStatusService.Preview(limits, 24m, tenthOfJune).State);
        var refusing = BudgetStatusService.Preview(limits, 30m, tenthOfJune);
        Assert.Equal(BudgetState.Refusing, refusing.State);
        Assert.Contains("new AI calls are refused", refusing.Summary);

        var tenant = await TenantWithBudgetAsync(10m, BudgetAction.WarnOnly, 11m);
        var status = await new BudgetStatusService(_services.GetRequiredService<BudgetCalculator>(), TestTenantContext.User(tenant, PulseRoles.Analyst)).CurrentAsync();
        Assert.Equal(BudgetState.OverBudget, status!.State);
        Assert.Equal(110m, status.PercentUsed);
        Assert.Null(await new BudgetStatusService(_services.GetRequiredService<BudgetCalculator>(), TestTenantContext.Admin()).CurrentAsync());
    }

    [Fact]
    public async Task Default_integrations_come_from_the_preferences_while_they_stay_enabled()
    {
        var tenant = await _world.TenantAsync();
        var embedder = await _world.IntegrationAsync(tenant, "embedding");
        var chat = await _world.IntegrationAsync(tenant, "llm");
        var owner = _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Olive Owner"));
        var defaults = _services.CreateScope().ServiceProvider.GetRequiredService<ITenantProviderDefaults>();
        // No choice yet: the oldest active integration of the subtype.
        Assert.Equal(embedder, await defaults.DefaultIntegrationIdAsync(tenant, ProviderSubtype.Embedding, CancellationToken.None));

        var edit = TenantPreferences.Defaults();
        edit.DefaultModels = new DefaultModelsPreference { EmbeddingIntegrationId = embedder, LlmIntegrationId = chat };
        await owner.SaveAsync(edit, 0);

        Assert.Equal(embedder, await defaults.DefaultIntegrationIdAsync(tenant, ProviderSubtype.Embedding, CancellationToken.None));
        Assert.Equal(chat, await defaults.DefaultIntegrationIdAsync(tenant, ProviderSubtype.Llm, CancellationToken.None));
        await using (var db = _world.Admin())
            await db.Integrations.Where(i => i.Id == embedder).ExecuteUpdateAsync(s => s.SetProperty(i => i.Active, false));
        Assert.Null(await defaults.DefaultIntegrationIdAsync(tenant, ProviderSubtype.Embedding, CancellationToken.None));
        Assert.Null(await defaults.DefaultIntegrationIdAsync(await _world.TenantAsync(), ProviderSubtype.Llm, CancellationToken.None));
    }
}
