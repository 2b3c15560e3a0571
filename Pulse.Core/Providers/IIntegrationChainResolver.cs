namespace Pulse.Core.Providers;

/// <summary>
/// Finds the ordered chain of integrations for a tenant: the primary first, then its fallbacks
/// following <c>fallback_integration_id</c>, each with its decrypted credential. Inactive
/// integrations and loops are the resolver's to leave out (see <see cref="IntegrationChainValidator"/>).
/// </summary>
public interface IIntegrationChainResolver
{
    /// <summary>
    /// The chain for <paramref name="subtype"/>. With <paramref name="primaryIntegrationId"/> null the
    /// tenant's default integration heads the chain; otherwise that one does (a collection
    /// embedded with a given integration must be queried with it). An empty list means none is configured.
    /// </summary>
    Task<IReadOnlyList<ResolvedIntegration>> ResolveAsync(
        int tenantId, ProviderSubtype subtype, int? primaryIntegrationId, CancellationToken cancellationToken);
}
