using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Preferences;

/// <summary>
/// The tenant's default integration per subtype from the 'default_models' preference, while it is still enabled; with no
/// usable choice, the integrations module's default (the managed embedding server, else the oldest active integration).
/// </summary>
internal sealed class PreferencesProviderDefaults(PulseDatabase database, FirstActiveTenantProviderDefaults fallback) : ITenantProviderDefaults
{
    public async Task<int?> DefaultIntegrationIdAsync(int tenantId, ProviderSubtype subtype, CancellationToken cancellationToken)
    {
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
        var models = await PreferencesStore.LoadDefaultModelsAsync(db, tenantId, cancellationToken);
        var id = subtype == ProviderSubtype.Llm ? models.LlmIntegrationId : models.EmbeddingIntegrationId;
        if (id is null) return await fallback.DefaultIntegrationIdAsync(tenantId, subtype, cancellationToken);
        var word = subtype == ProviderSubtype.Llm ? "llm" : "embedding";
        // A default that was disabled or changed subtype since it was chosen no longer applies.
        var usable = await db.Integrations.AsNoTracking()
            .AnyAsync(i => i.Id == id && i.TenantId == tenantId && i.Active && i.IntegrationSubtype == word, cancellationToken);
        return usable ? id : await fallback.DefaultIntegrationIdAsync(tenantId, subtype, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<ProviderSubtype, int>> ChosenDefaultsAsync(int tenantId, CancellationToken cancellationToken)
    {
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
        var models = await PreferencesStore.LoadDefaultModelsAsync(db, tenantId, cancellationToken);
        var chosen = new Dictionary<ProviderSubtype, int>();
        if (models.EmbeddingIntegrationId is int embedding) chosen[ProviderSubtype.Embedding] = embedding;
        if (models.LlmIntegrationId is int llm) chosen[ProviderSubtype.Llm] = llm;
        return chosen;
    }
}
