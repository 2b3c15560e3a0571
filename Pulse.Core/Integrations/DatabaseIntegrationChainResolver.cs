using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Integrations;

/// <summary>
/// Chains from the <c>integrations</c> table: the named integration or the tenant's default first, then its fallbacks
/// along <c>fallback_integration_id</c> (cut at a loop, another subtype or another vector space), disabled ones
/// skipped, keys decrypted. The rows come from <see cref="TenantAiSettingsCache"/> (re-read only after a change). A tenant with no embedding integration embeds with the built-in lexical embedder; with an
/// embedding server configured, its managed integration is the default instead.
/// </summary>
public sealed class DatabaseIntegrationChainResolver(
    PulseDatabase database,
    TenantAiSettingsCache settingsCache,
    ITenantProviderDefaults defaults,
    EmbeddingServerIntegration embeddingServer,
    IntegrationCredentialProtector protector) : IIntegrationChainResolver
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ResolvedIntegration>> ResolveAsync(
        int tenantId, ProviderSubtype subtype, int? primaryIntegrationId, CancellationToken cancellationToken)
    {
        if (primaryIntegrationId == BuiltInEmbeddingChainResolver.BuiltInId)
            return subtype == ProviderSubtype.Embedding ? [new ResolvedIntegration(BuiltInEmbeddingChainResolver.BuiltIn, null)] : [];

        IReadOnlyList<Integration> rows = (await settingsCache.GetAsync(tenantId, cancellationToken)).Integrations;
        Integration? managed = null;
        if (subtype == ProviderSubtype.Embedding && embeddingServer.IsConfigured)
        {
            managed = embeddingServer.Current(rows);
            if (managed is null)
            {
                // The managed integration is missing or points elsewhere: create or repair it, then use the rows as written.
                await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
                var tracked = await db.Integrations.Where(i => i.TenantId == tenantId).ToListAsync(cancellationToken);
                managed = await embeddingServer.EnsureAsync(db, tenantId, tracked, cancellationToken);
                rows = tracked;
            }
        }

        var byId = rows.Where(IntegrationMapping.IsProvider).ToDictionary(r => r.Id);
        var startId = primaryIntegrationId
            ?? await defaults.DefaultIntegrationIdAsync(tenantId, subtype, cancellationToken)
            ?? managed?.Id;
        if (startId is not int id)
            return subtype == ProviderSubtype.Embedding ? [new ResolvedIntegration(BuiltInEmbeddingChainResolver.BuiltIn, null)] : [];
        if (!byId.TryGetValue(id, out var primaryRow)) return [];
        var primary = IntegrationMapping.ToSpec(primaryRow);
        if (primary.Subtype != subtype) return [];

        // Walk over every row (a disabled link still leads to its own fallback), then leave the disabled ones out.
        var walk = IntegrationChainValidator.Walk(primary, next => byId.TryGetValue(next, out var r) ? IntegrationMapping.ToSpec(r) : null);
        return walk.Chain
            .Where(spec => byId[spec.Id].Active)
            .Select(spec => new ResolvedIntegration(spec, protector.Unprotect(byId[spec.Id].Credentials)))
            .ToList();
    }
}
