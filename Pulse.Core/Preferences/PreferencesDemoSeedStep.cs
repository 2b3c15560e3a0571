using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Demo;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Preferences;

/// <summary>
/// Demo preferences: a budget per demo tenant (Acme warns, Globex refuses), the default pipeline, and as default
/// models whatever enabled integrations the integrations step seeded (or none). Leaves a tenant that has preferences alone.
/// </summary>
internal sealed class PreferencesDemoSeedStep(PulseDatabase database, TimeProvider clock) : IDemoSeedStep
{
    private static readonly Dictionary<string, (decimal Budget, int Threshold, BudgetAction Action)> Budgets = new()
    {
        ["acme"] = (25m, 80, BudgetAction.WarnOnly),
        ["globex"] = (100m, 75, BudgetAction.Refuse),
    };

    public int Order => 200;

    public async Task SeedAsync(IReadOnlyDictionary<string, int> tenantIdsBySlug, CancellationToken cancellationToken)
    {
        foreach (var (slug, tenantId) in tenantIdsBySlug)
        {
            await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
            if (await db.AiPreferences.AnyAsync(p => p.TenantId == tenantId, cancellationToken)) continue;
            var preferences = TenantPreferences.Defaults();
            var (budget, threshold, action) = Budgets.GetValueOrDefault(slug, (50m, 80, BudgetAction.WarnOnly));
            preferences.CostLimits = new CostLimitsPreference { MonthlyBudget = budget, AlertThresholdPercent = threshold, ActionAtLimit = action };
            var options = await PreferencesStore.IntegrationOptionsAsync(db, tenantId, cancellationToken);
            preferences.DefaultModels.EmbeddingIntegrationId = options.FirstOrDefault(o => o.Subtype == ProviderSubtype.Embedding)?.Id;
            preferences.DefaultModels.LlmIntegrationId = options.FirstOrDefault(o => o.Subtype == ProviderSubtype.Llm)?.Id;
            preferences.Performance.BatchSize = Math.Min(preferences.Performance.BatchSize,
                ProviderBatchLimits.For(options.FirstOrDefault(o => o.Id == preferences.DefaultModels.EmbeddingIntegrationId)?.Kind));
            await PreferencesStore.StageAsync(db, tenantId, preferences, clock.GetUtcNow(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
