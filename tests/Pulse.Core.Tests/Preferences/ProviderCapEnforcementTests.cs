using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Preferences;
using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Core.Tests.Tenancy;
using Pulse.Core.Tenancy;
using Pulse.Testing.Http;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Preferences;

/// <summary>
/// Per-provider monthly caps as the provider chain enforces them, through Pulse.Core's real registration and PostgreSQL
/// (spend is read from ai_usage_tracking), with an OpenAI primary and a gateway fallback in the same vector space, each
/// a loopback server speaking the OpenAI embeddings protocol.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ProviderCapEnforcementTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private const int Dimension = 8;
    private ServiceProvider _services = null!;
    private PreferencesWorld _world = null!;
    private LoopbackHttpServer _openAi = null!;
    private LoopbackHttpServer _gateway = null!;
    private readonly InMemoryIntegrationChainResolver _resolver = new();
    private readonly RecordingUsageRecorder _usage = new();

    public async Task InitializeAsync()
    {
        _openAi = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, Dimension));
        _gateway = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, Dimension));
        _services = CoreServices.Build(await postgres.CreateMigratedDatabaseAsync("caps"), SystemTenantContext.Platform,
            configure: services =>
            {
                services.Replace(ServiceDescriptor.Singleton<IIntegrationChainResolver>(_resolver));
                // The loopback integrations have no integrations rows; the spend the caps read is arranged in ai_usage_tracking.
                services.Replace(ServiceDescriptor.Singleton<IUsageRecorder>(_usage));
            });
        _world = new PreferencesWorld(_services.GetRequiredService<PulseDatabase>());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _openAi.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    /// <summary>A tenant whose chain is OpenAI, then a gateway; with these caps, action and overall budget saved.</summary>
    private async Task<(int Tenant, int OpenAiId, int GatewayId)> TenantAsync(BudgetAction action, decimal budget, params (string Provider, decimal Cap)[] caps)
    {
        var tenant = await _world.TenantAsync();
        var gateway = TestSpecs.OpenAi(_gateway.BaseAddress, Dimension) with { Name = "Gateway test", Kind = ProviderKind.Gateway };
        var openAi = TestSpecs.OpenAi(_openAi.BaseAddress, Dimension, fallback: gateway.Id);
        _resolver.Add(tenant, openAi, new ProviderCredential("sk-cap-test")).Add(tenant, gateway, new ProviderCredential("gw-cap-test"));
        var edit = TenantPreferences.Defaults();
        edit.Performance.CacheTtlMinutes = 0;
        edit.CostLimits = new CostLimitsPreference
        {
            MonthlyBudget = budget, ActionAtLimit = action, AlertThresholdPercent = 80,
            ProviderCaps = [.. caps.Select(c => new ProviderCap { Provider = c.Provider, MonthlyCap = c.Cap })],
        };
        await _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Olive Owner")).SaveAsync(edit, 0);
        return (tenant, openAi.Id, gateway.Id);
    }

    private async Task<EmbeddingResult> EmbedAsync(int tenant)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IEmbeddingService>().EmbedAsync(tenant, ["cap check"]);
    }

    private async Task<List<MlAnomalyAlert>> AlertsAsync(int tenant)
    {
        await using var db = _world.Admin();
        return await db.MlAnomalyAlerts.Where(a => a.TenantId == tenant).OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task A_provider_at_its_refusing_cap_is_not_asked_and_the_fallback_of_another_provider_answers()
    {
        var (tenant, openAiId, gatewayId) = await TenantAsync(BudgetAction.Refuse, 0m, ("openai", 5m));
        await _world.SpendAsync(tenant, 5.5m, "openai");
        await _world.SpendAsync(tenant, 40m, "gateway"); // another provider's spend never counts against OpenAI's cap, and it has none
        var openAiBefore = _openAi.Requests.Count;

        var result = await EmbedAsync(tenant);

        Assert.Equal(gatewayId, result.Call.IntegrationId);
        Assert.True(result.Call.FallbackUsed);
        Assert.Equal(openAiId, result.Call.FirstIntegrationId);
        Assert.Equal(openAiBefore, _openAi.Requests.Count);
        // Only the gateway was asked, so only it has a usage row.
        Assert.Equal([gatewayId], _usage.Records.Where(r => r.TenantId == tenant).Select(r => r.IntegrationId));
        var alert = Assert.Single(await AlertsAsync(tenant));
        Assert.Equal(BudgetAlerts.ModelName, alert.ModelName);
        Assert.Equal("high", alert.Severity); // 110% of the cap
        Assert.Contains("\"kind\":\"provider_cap\"", alert.AlertData.Replace(" ", ""));
        Assert.Contains($"\"period\":\"{DateTimeOffset.UtcNow:yyyy-MM}:openai\"", alert.AlertData.Replace(" ", ""));
    }

    [Fact]
    public async Task When_every_provider_of_the_chain_is_capped_the_call_is_refused_naming_the_cap_and_the_spend()
    {
        var (tenant, _, _) = await TenantAsync(BudgetAction.Refuse, 100m, ("openai", 5m), ("gateway", 2m));
        await _world.SpendAsync(tenant, 6m, "openai");
        await _world.SpendAsync(tenant, 2m, "gateway");
        var (openAiBefore, gatewayBefore) = (_openAi.Requests.Count, _gateway.Requests.Count);

        var refused = await Assert.ThrowsAsync<BudgetExceededException>(() => EmbedAsync(tenant));

        Assert.Equal(
            $"The AI budget \"OpenAI monthly cap\" is exhausted: 6 USD spent of a 5 USD hard limit for {DateTimeOffset.UtcNow:MMMM yyyy}. AI calls are refused until the limit is raised or the period ends.",
            refused.Message);
        Assert.Equal((openAiBefore, gatewayBefore), (_openAi.Requests.Count, _gateway.Requests.Count));
        Assert.DoesNotContain(_usage.Records, r => r.TenantId == tenant);
        // One alert per capped provider, graded by how far over (OpenAI 120%, the gateway 100%); the overall budget
        // (8 of 100) is far from its threshold and has none.
        Assert.Equal(["critical", "high"], (await AlertsAsync(tenant)).Select(a => a.Severity));
    }

    [Fact]
    public async Task A_warn_only_cap_lets_its_provider_answer_and_records_one_alert_per_provider_and_month()
    {
        var (tenant, openAiId, _) = await TenantAsync(BudgetAction.WarnOnly, 0m, ("openai", 10m), ("gateway", 10m));
        await _world.SpendAsync(tenant, 7m, "openai");
        Assert.Equal(openAiId, (await EmbedAsync(tenant)).Call.IntegrationId);
        Assert.Empty(await AlertsAsync(tenant)); // 70%: under the 80% threshold

        await _world.SpendAsync(tenant, 2m, "openai"); // 90%
        Assert.Equal(openAiId, (await EmbedAsync(tenant)).Call.IntegrationId);
        await _world.SpendAsync(tenant, 4m, "openai"); // 130%: warn only, so OpenAI still answers; the month already has its alert
        Assert.Equal(openAiId, (await EmbedAsync(tenant)).Call.IntegrationId);

        var alert = Assert.Single(await AlertsAsync(tenant));
        Assert.Equal("medium", alert.Severity);
        Assert.Contains("\"provider\":\"openai\"", alert.AlertData.Replace(" ", ""));
    }

    [Fact]
    public async Task The_budget_status_lists_each_cap_with_its_providers_spend()
    {
        var (tenant, _, _) = await TenantAsync(BudgetAction.Refuse, 50m, ("openai", 4m), ("azure", 10m));
        await _world.SpendAsync(tenant, 4m, "openai");
        await _world.SpendAsync(tenant, 1m, "azure_openai");

        var status = await new BudgetStatusService(_services.GetRequiredService<BudgetCalculator>(), TestTenantContext.User(tenant, PulseRoles.Analyst)).CurrentAsync();

        Assert.Equal(BudgetState.UnderThreshold, status!.State);
        Assert.Equal(
            [("OpenAI", 4m, 4m, BudgetState.Refusing), ("Azure OpenAI", 10m, 1m, BudgetState.UnderThreshold)],
            status.ProviderCaps.Select(c => (c.Label, c.Cap, c.Spent, c.State)));
        Assert.Equal("OpenAI", Assert.Single(status.CapsNeedingAttention).Label);
        Assert.StartsWith("The OpenAI monthly cap of 4.00 USD is spent (4.00 USD in ", status.ProviderCaps[0].Summary);
    }
}
