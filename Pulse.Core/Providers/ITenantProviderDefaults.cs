namespace Pulse.Core.Providers;

/// <summary>
/// The tenant's default integration per subtype (the 'default_models' preference). The chain resolver asks this
/// when a call names no integration; implemented by the preferences layer.
/// </summary>
public interface ITenantProviderDefaults
{
    /// <summary>The default integration id for <paramref name="subtype"/>, or null when the tenant chose none.</summary>
    Task<int?> DefaultIntegrationIdAsync(int tenantId, ProviderSubtype subtype, CancellationToken cancellationToken);
}
