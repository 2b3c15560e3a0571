using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Preferences;
using Pulse.Core.Tenancy;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Preferences;

[Collection(PostgresCollection.Name)]
public sealed class PreferencesServiceTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private PulseDatabase _database = null!;
    private PreferencesWorld _world = null!;

    public async Task InitializeAsync()
    {
        _database = new PulseDatabase();
        _database.Connect(await postgres.CreateMigratedDatabaseAsync("prefs"), null);
        _world = new PreferencesWorld(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_tenant_without_saved_preferences_reads_the_defaults_at_revision_zero()
    {
        var tenant = await _world.TenantAsync();
        var owner = await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Olive Owner");

        var snapshot = await _world.Service(owner).GetAsync();

        Assert.Equal(0, snapshot.Revision);
        Assert.False(snapshot.Preferences.CostLimits.HasBudget);
        Assert.Equal(3, snapshot.Preferences.Pipeline.Tables.Count);
        Assert.True(snapshot.CanEdit);
        Assert.Empty(await _world.Service(owner).HistoryAsync());
    }

    [Fact]
    public async Task Saving_stores_the_documents_and_records_who_changed_what()
    {
        var tenant = await _world.TenantAsync();
        var owner = await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Olive Owner");
        var service = _world.Service(owner);
        var edit = (await service.GetAsync()).Preferences.Clone();
        edit.CostLimits.MonthlyBudget = 40m;
        edit.CostLimits.ActionAtLimit = BudgetAction.Refuse;

        var saved = await service.SaveAsync(edit, 0);

        Assert.Equal(1, saved.Revision);
        Assert.Equal(40m, saved.Preferences.CostLimits.MonthlyBudget);
        Assert.StartsWith("Olive Owner", saved.LastChangedBy);
        var entry = Assert.Single(await service.HistoryAsync());
        Assert.Equal(1, entry.Revision);
        Assert.Equal(
            [new FieldChange("Cost limits", "Monthly budget", "no budget", "40.00 USD"), new FieldChange("Cost limits", "Action at the limit", "warn only", "refuse new AI calls")],
            entry.Changes);
        await using var db = _world.Admin();
        var stored = await db.AiPreferences.SingleAsync(p => p.TenantId == tenant && p.PreferenceType == "cost_limits");
        Assert.Equal(40m, PreferenceDocuments.Read<CostLimitsPreference>(stored.Configuration).MonthlyBudget);
        Assert.DoesNotContain("has_budget", stored.Configuration);
        Assert.True(await db.AiConfigurations.AnyAsync(c => c.TenantId == tenant && c.ConfigCategory == "pipeline_config"));
    }

    [Fact]
    public async Task A_stale_save_is_refused_naming_who_changed_the_preferences_and_their_change_is_kept()
    {
        var tenant = await _world.TenantAsync();
        var first = _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "First Owner"));
        var second = _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Second Owner"));
        var openedByFirst = await first.GetAsync();
        var openedBySecond = await second.GetAsync();

        var edit = openedBySecond.Preferences.Clone();
        edit.CostLimits.MonthlyBudget = 70m;
        await second.SaveAsync(edit, openedBySecond.Revision);

        var stale = openedByFirst.Preferences.Clone();
        stale.CostLimits.MonthlyBudget = 10m;
        var conflict = await Assert.ThrowsAsync<PreferencesConflictException>(() => first.SaveAsync(stale, openedByFirst.Revision));

        Assert.StartsWith("Your changes were not saved: Second Owner", conflict.Message);
        Assert.Equal(1, conflict.CurrentRevision);
        Assert.Equal(70m, (await first.GetAsync()).Preferences.CostLimits.MonthlyBudget);
    }

    [Fact]
    public async Task Two_owners_saving_at_the_same_moment_get_one_save_and_one_conflict()
    {
        var tenant = await _world.TenantAsync();
        var owners = new[]
        {
            _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Owner A")),
            _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Owner B")),
        };
        var results = await Task.WhenAll(owners.Select(async (service, i) =>
        {
            var edit = TenantPreferences.Defaults();
            edit.CostLimits.MonthlyBudget = 10m * (i + 1);
            try { await service.SaveAsync(edit, 0); return "saved"; }
            catch (PreferencesConflictException) { return "conflict"; }
        }));

        Assert.Equal(["conflict", "saved"], results.Order());
        Assert.Single(await owners[0].HistoryAsync());
    }

    [Fact]
    public async Task An_analyst_reads_the_preferences_but_the_service_refuses_their_save()
    {
        var tenant = await _world.TenantAsync();
        var analyst = _world.Service(await _world.PersonAsync(tenant, PulseRoles.Analyst, "Ana Analyst"));

        var snapshot = await analyst.GetAsync();
        Assert.False(snapshot.CanEdit);
        var edit = snapshot.Preferences.Clone();
        edit.CostLimits.MonthlyBudget = 1_000m;
        var denied = await Assert.ThrowsAsync<TenantAccessDeniedException>(() => analyst.SaveAsync(edit, snapshot.Revision));

        Assert.Contains("Only tenant owners and platform admins", denied.Message);
        await using var db = _world.Admin();
        Assert.False(await db.AiPreferences.AnyAsync(p => p.TenantId == tenant));
    }

    [Fact]
    public async Task A_stored_version_1_budget_is_read_in_the_current_shape_and_saved_with_its_caps_in_the_history()
    {
        var tenant = await _world.TenantAsync();
        await using (var db = _world.Admin())
        {
            db.AiPreferences.Add(new Pulse.Core.Data.Entities.TenantAiPreference
            {
                TenantId = tenant, PreferenceType = "cost_limits",
                Configuration = """{"schema_version":1,"monthly_budget":30,"alert_threshold_percent":90,"action_at_limit":"warn_only","currency":"USD"}""",
            });
            await db.SaveChangesAsync();
        }
        var owner = _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Olive Owner"));

        var opened = await owner.GetAsync();
        Assert.Equal((30m, 90, CostLimitsPreference.CurrentVersion), (opened.Preferences.CostLimits.MonthlyBudget, opened.Preferences.CostLimits.AlertThresholdPercent, opened.Preferences.CostLimits.SchemaVersion));
        var edit = opened.Preferences.Clone();
        edit.CostLimits.ProviderCaps.Add(new ProviderCap { Provider = "openai", MonthlyCap = 12m });
        await owner.SaveAsync(edit, opened.Revision);

        await using (var db = _world.Admin())
        {
            var stored = await db.AiPreferences.SingleAsync(p => p.TenantId == tenant && p.PreferenceType == "cost_limits");
            Assert.Contains("\"schema_version\": 2", stored.Configuration);
            Assert.Contains("\"provider_caps\": [{\"provider\": \"openai\", \"monthly_cap\": 12}]", stored.Configuration);
        }
        var change = Assert.Single(Assert.Single(await owner.HistoryAsync()).Changes);
        Assert.Equal(new FieldChange("Cost limits", "Monthly cap for OpenAI", "(none)", "12.00 USD"), change);
    }

    [Fact]
    public async Task Preferences_last_saved_by_a_newer_portal_are_not_overwritten_by_this_one()
    {
        var tenant = await _world.TenantAsync();
        await using (var db = _world.Admin())
        {
            db.AiPreferences.Add(new Pulse.Core.Data.Entities.TenantAiPreference
            {
                TenantId = tenant, PreferenceType = "cost_limits", Configuration = """{"schema_version":7,"monthly_budget":30,"rollover":true}""",
            });
            await db.SaveChangesAsync();
        }
        var owner = _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Olive Owner"));
        var opened = await owner.GetAsync();
        var edit = opened.Preferences.Clone();
        edit.Performance.BatchSize = 8;

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => owner.SaveAsync(edit, opened.Revision));

        Assert.Equal("cost_limits", refused.Field);
        Assert.Contains("saved by a newer version of the portal", refused.Message);
        await using var check = _world.Admin();
        Assert.Contains("rollover", (await check.AiPreferences.SingleAsync(p => p.TenantId == tenant)).Configuration);
    }

    [Fact]
    public async Task Invalid_preferences_are_refused_with_the_validators_message_and_nothing_is_written()
    {
        var tenant = await _world.TenantAsync();
        var service = _world.Service(await _world.PersonAsync(tenant, PulseRoles.TenantOwner, "Olive Owner"));
        var edit = TenantPreferences.Defaults();
        edit.Pipeline.ChunkOverlap = 9_999;

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => service.SaveAsync(edit, 0));

        Assert.Equal("pipeline.chunk_overlap", refused.Field);
        Assert.Empty(await service.HistoryAsync());
    }

    [Fact]
    public async Task A_tenant_cannot_see_another_tenants_preferences_or_choose_its_integrations()
    {
        var tenantA = await _world.TenantAsync();
        var tenantB = await _world.TenantAsync();
        var ownerA = _world.Service(await _world.PersonAsync(tenantA, PulseRoles.TenantOwner, "Owner A"));
        var ownerB = _world.Service(await _world.PersonAsync(tenantB, PulseRoles.TenantOwner, "Owner B"));
        var aEmbedder = await _world.IntegrationAsync(tenantA, "embedding");
        var editA = TenantPreferences.Defaults();
        editA.CostLimits.MonthlyBudget = 99m;
        editA.DefaultModels.EmbeddingIntegrationId = aEmbedder;
        await ownerA.SaveAsync(editA, 0);

        var seenByB = await ownerB.GetAsync();
        Assert.False(seenByB.Preferences.CostLimits.HasBudget);
        Assert.Empty(seenByB.Integrations);
        Assert.Empty(await ownerB.HistoryAsync());
        var editB = TenantPreferences.Defaults();
        editB.DefaultModels.EmbeddingIntegrationId = aEmbedder;
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => ownerB.SaveAsync(editB, 0));
        Assert.Contains($"integration {aEmbedder} is not", refused.Message);
    }

    [Fact]
    public async Task A_platform_admin_edits_the_tenant_they_picked_and_needs_one_picked()
    {
        var tenant = await _world.TenantAsync();
        var admin = await _world.PersonAsync(null, PulseRoles.PlatformAdmin, "Pat Admin");
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => _world.Service(admin).GetAsync());

        var picked = _world.Service(new TestTenantContext(tenant, true, admin.UserId, PulseRoles.PlatformAdmin));
        var edit = TenantPreferences.Defaults();
        edit.Performance.MaxConcurrency = 8;
        var saved = await picked.SaveAsync(edit, 0);
        Assert.Equal(8, saved.Preferences.Performance.MaxConcurrency);
    }
}
