using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Integrations;

/// <summary>
/// The default integration until the preferences module supplies the tenant's choice: the managed embedding-server
/// integration when one is configured (embeddings), otherwise the tenant's oldest active integration of the subtype.
/// </summary>
public sealed class FirstActiveTenantProviderDefaults(PulseDatabase database, EmbeddingServerIntegration embeddingServer) : ITenantProviderDefaults
{
    /// <inheritdoc />
    public async Task<int?> DefaultIntegrationIdAsync(int tenantId, ProviderSubtype subtype, CancellationToken cancellationToken)
    {
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
        var subtypeName = IntegrationMapping.SubtypeName(subtype);
        var rows = await db.Integrations.AsNoTracking()
            .Where(i => i.TenantId == tenantId && i.Active && i.IntegrationType == IntegrationMapping.AiProviderType && i.IntegrationSubtype == subtypeName)
            .OrderBy(i => i.Id)
            .ToListAsync(cancellationToken);
        rows = rows.Where(IntegrationMapping.IsProvider).ToList();
        if (subtype == ProviderSubtype.Embedding && embeddingServer.IsConfigured && rows.FirstOrDefault(IntegrationMapping.IsManaged) is { } managed)
            return managed.Id;
        return rows.FirstOrDefault()?.Id;
    }
}
