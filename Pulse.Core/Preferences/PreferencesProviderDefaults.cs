using Pulse.Core.Integrations;
using Pulse.Core.Providers;

namespace Pulse.Core.Preferences;

/// <summary>
/// The tenant's default integration per subtype from the 'default_models' preference, while it is still enabled; with no
/// usable choice, the integrations module's default (the managed embedding server, else the oldest active integration).
/// </summary>
internal sealed class PreferencesProviderDefaults(TenantAiSettingsCache settingsCache, FirstActiveTenantProviderDefaults fallback) : ITenantProviderDefaults
{
    public async Task<int?> DefaultIntegrationIdAsync(int tenantId, ProviderSubtype subtype, CancellationToken cancellationToken)
    {
        var settings = await settingsCache.GetAsync(tenantId, cancellationToken);
        var models = DefaultModels(settings);
        var id = subtype == ProviderSubtype.Llm ? models.LlmIntegrationId : models.EmbeddingIntegrationId;
        var word = IntegrationMapping.SubtypeName(subtype);
        // A default that was disabled or changed subtype since it was chosen no longer applies.
        var usable = id is not null && settings.Integrations.Any(i => i.Id == id && i.Active && i.IntegrationSubtype == word);
        return usable ? id : fallback.Choose(settings.Integrations, subtype);
    }

    public async Task<IReadOnlyDictionary<ProviderSubtype, int>> ChosenDefaultsAsync(int tenantId, CancellationToken cancellationToken)
    {
        var models = DefaultModels(await settingsCache.GetAsync(tenantId, cancellationToken));
        var chosen = new Dictionary<ProviderSubtype, int>();
        if (models.EmbeddingIntegrationId is int embedding) chosen[ProviderSubtype.Embedding] = embedding;
        if (models.LlmIntegrationId is int llm) chosen[ProviderSubtype.Llm] = llm;
        return chosen;
    }

    private static DefaultModelsPreference DefaultModels(TenantAiSettings settings) =>
        settings.Parsed(PreferenceDocuments.DefaultModelsType, PreferenceDocuments.Read<DefaultModelsPreference>);
}
