using Pulse.Core.Data;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Preferences;

/// <summary>
/// The tenant's 'performance' preference as the provider chain applies it (read on every call, so a saved change holds
/// from the next call): batch size and request timeout cap each integration's, cache time-to-live and maximum
/// concurrency as set. A tenant that never saved the preference gets its defaults, the values the page shows.
/// </summary>
internal sealed class PreferencesCallSettings(PulseDatabase database) : ITenantCallSettingsSource
{
    public async Task<TenantCallSettings> ForTenantAsync(int tenantId, CancellationToken cancellationToken)
    {
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
        return From(await PreferencesStore.LoadPerformanceAsync(db, tenantId, cancellationToken));
    }

    /// <summary>The chain's settings for a performance preference.</summary>
    public static TenantCallSettings From(PerformancePreference performance) => new(
        performance.BatchSize > 0 ? performance.BatchSize : null,
        performance.RequestTimeoutSeconds > 0 ? performance.RequestTimeoutSeconds : null,
        TimeSpan.FromMinutes(Math.Max(0, performance.CacheTtlMinutes)),
        performance.MaxConcurrency > 0 ? performance.MaxConcurrency : null);
}
