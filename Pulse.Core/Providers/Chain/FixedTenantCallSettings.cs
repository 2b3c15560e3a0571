namespace Pulse.Core.Providers.Chain;

/// <summary>The same settings for every tenant: the default when no preferences layer is registered.</summary>
internal sealed class FixedTenantCallSettings(TenantCallSettings settings) : ITenantCallSettingsSource
{
    public Task<TenantCallSettings> ForTenantAsync(int tenantId, CancellationToken cancellationToken) => Task.FromResult(settings);
}
