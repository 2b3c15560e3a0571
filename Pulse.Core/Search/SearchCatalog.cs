using Pulse.Core.Data;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Search;

/// <summary>
/// What the caller can search: the tenant's collections (through the tenant-scoped store, so another tenant's
/// never show) and the embedding integrations available to the tenant, matched by vector dimension.
/// </summary>
public sealed class SearchCatalog(TenantVectorStore store, IIntegrationChainResolver resolver, TenantAiSettingsCache settings, ITenantContext tenant)
{
    /// <summary>
    /// The tenant's default chain (head and fallbacks) and its other active embedding integrations. Empty without a tenant.
    /// </summary>
    public async Task<IReadOnlyList<IntegrationOption>> ListIntegrationsAsync(CancellationToken cancellationToken = default)
    {
        if (tenant.TenantId is not { } tenantId) return [];
        // The chain and the stored list come from one read of the tenant's settings.
        using var scope = ProviderCallScope.Begin();
        var chain = await resolver.ResolveAsync(tenantId, ProviderSubtype.Embedding, null, cancellationToken);
        var options = chain.Select((link, i) => new IntegrationOption(link.Spec.Id, link.Spec.Name, link.Spec.Model, link.Spec.Dimension, i == 0)).ToList();
        try
        {
            var stored = (await settings.GetAsync(tenantId, cancellationToken)).Integrations
                .Where(i => i.Active && i.IntegrationType == "ai_provider" && i.IntegrationSubtype == "embedding")
                .OrderBy(i => i.IntegrationName, StringComparer.Ordinal);
            foreach (var row in stored.Where(r => options.All(o => o.Id != r.Id)))
            {
                // The integrations module's own reading of model_config (a malformed document reads as empty).
                var spec = IntegrationMapping.ToSpec(row);
                options.Add(new IntegrationOption(row.Id, row.IntegrationName, spec.Model is { Length: > 0 } model ? model : "unknown model", spec.Dimension, false));
            }
        }
        catch (DatabaseUnavailableException)
        {
            // The chain alone still lets the page search; the stored list comes back with the database.
        }

        return options;
    }

    /// <summary>The collections the caller may search, each with the integrations that match its dimension.</summary>
    public async Task<IReadOnlyList<CollectionOption>> ListCollectionsAsync(IReadOnlyList<IntegrationOption>? integrations = null, CancellationToken cancellationToken = default)
    {
        integrations ??= await ListIntegrationsAsync(cancellationToken);
        var options = new List<CollectionOption>();
        try
        {
            foreach (var name in await store.ListCollectionsAsync(cancellationToken))
            {
                CollectionInfo info;
                try
                {
                    info = await store.GetCollectionInfoAsync(name, cancellationToken);
                }
                catch (VectorStoreException ex) when (ex.Kind == VectorStoreErrorKind.NotFound)
                {
                    continue; // deleted between the listing and now
                }

                var matching = integrations.Where(i => i.Dimension == info.Config.VectorSize).ToList();
                options.Add(new CollectionOption(name, info.Config.VectorSize, info.Config.Distance, info.PointsCount, matching));
            }
        }
        catch (VectorStoreException ex)
        {
            throw new SearchFailedException($"The vector store could not list collections: {ex.Message}", ex);
        }

        return [.. options.OrderByDescending(o => o.Searchable).ThenBy(o => o.DisplayName, StringComparer.Ordinal)];
    }
}
