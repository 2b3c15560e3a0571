using Pulse.Core.Data.Entities;
using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>
/// The default integration until the preferences module supplies the tenant's choice: the managed embedding-server
/// integration when one is configured (embeddings), otherwise the tenant's oldest active integration of the subtype.
/// </summary>
public sealed class FirstActiveTenantProviderDefaults(TenantAiSettingsCache settingsCache, EmbeddingServerIntegration embeddingServer) : ITenantProviderDefaults
{
    /// <inheritdoc />
    public async Task<int?> DefaultIntegrationIdAsync(int tenantId, ProviderSubtype subtype, CancellationToken cancellationToken) =>
        Choose((await settingsCache.GetAsync(tenantId, cancellationToken)).Integrations, subtype);

    /// <summary>The default among the tenant's integration rows.</summary>
    internal int? Choose(IEnumerable<Integration> integrations, ProviderSubtype subtype)
    {
        var subtypeName = IntegrationMapping.SubtypeName(subtype);
        var rows = integrations
            .Where(i => i.Active && i.IntegrationType == IntegrationMapping.AiProviderType && i.IntegrationSubtype == subtypeName)
            .Where(IntegrationMapping.IsProvider)
            .OrderBy(i => i.Id)
            .ToList();
        if (subtype == ProviderSubtype.Embedding && embeddingServer.IsConfigured && rows.FirstOrDefault(IntegrationMapping.IsManaged) is { } managed)
            return managed.Id;
        return rows.FirstOrDefault()?.Id;
    }
}
