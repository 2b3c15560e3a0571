namespace Pulse.Core.Providers;

/// <summary>
/// The tenant's default integration per subtype (the 'default_models' preference). The chain resolver asks this
/// when a call names no integration; implemented by the preferences layer.
/// </summary>
public interface ITenantProviderDefaults
{
    /// <summary>The default integration id for <paramref name="subtype"/>, or null when the tenant chose none.</summary>
    Task<int?> DefaultIntegrationIdAsync(int tenantId, ProviderSubtype subtype, CancellationToken cancellationToken);

    /// <summary>
    /// The integrations the tenant's preferences name as a default, per subtype, whether or not they are enabled now:
    /// deleting one of them would leave the preference pointing at nothing, so the integrations module refuses it.
    /// </summary>
    Task<IReadOnlyDictionary<ProviderSubtype, int>> ChosenDefaultsAsync(int tenantId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<ProviderSubtype, int>>(new Dictionary<ProviderSubtype, int>());
}
