using System.Collections.Concurrent;

namespace Pulse.Core.Providers;

/// <summary>
/// Integrations held in memory: for tests, and for running without a database. Integrations
/// belong to a tenant and are never resolved for another; chains are cut by
/// <see cref="IntegrationChainValidator"/>.
/// </summary>
public sealed class InMemoryIntegrationChainResolver : IIntegrationChainResolver
{
    private readonly ConcurrentDictionary<int, (int TenantId, IntegrationSpec Spec, ProviderCredential? Credential)> _integrations = new();
    private readonly ConcurrentDictionary<(int TenantId, ProviderSubtype Subtype), int> _defaults = new();

    /// <summary>Adds or replaces an integration of <paramref name="tenantId"/>.</summary>
    public InMemoryIntegrationChainResolver Add(int tenantId, IntegrationSpec spec, ProviderCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        _integrations[spec.Id] = (tenantId, spec, credential);
        _defaults.TryAdd((tenantId, spec.Subtype), spec.Id);
        return this;
    }

    /// <summary>Makes <paramref name="integrationId"/> the tenant's default for its subtype (the first added is the default until then).</summary>
    public InMemoryIntegrationChainResolver SetDefault(int tenantId, ProviderSubtype subtype, int integrationId)
    {
        _defaults[(tenantId, subtype)] = integrationId;
        return this;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ResolvedIntegration>> ResolveAsync(
        int tenantId, ProviderSubtype subtype, int? primaryIntegrationId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var startId = primaryIntegrationId ?? (_defaults.TryGetValue((tenantId, subtype), out var d) ? d : null);
        var primary = startId is int id ? Lookup(tenantId, id) : null;
        if (primary is null || primary.Subtype != subtype)
        {
            return Task.FromResult<IReadOnlyList<ResolvedIntegration>>([]);
        }

        var walk = IntegrationChainValidator.Walk(primary, next => Lookup(tenantId, next));
        IReadOnlyList<ResolvedIntegration> chain = walk.Chain
            .Select(spec => new ResolvedIntegration(spec, _integrations[spec.Id].Credential))
            .ToList();
        return Task.FromResult(chain);
    }

    private IntegrationSpec? Lookup(int tenantId, int integrationId) =>
        _integrations.TryGetValue(integrationId, out var entry) && entry.TenantId == tenantId ? entry.Spec : null;
}
