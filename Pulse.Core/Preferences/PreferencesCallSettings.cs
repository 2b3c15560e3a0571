using Pulse.Core.Integrations;
using Pulse.Core.Providers;

namespace Pulse.Core.Preferences;

/// <summary>
/// The tenant's 'performance' preference as the provider chain applies it (read through the settings cache on every call, so a
/// saved change holds from the next call): batch size and request timeout cap each integration's, cache time-to-live and maximum
/// concurrency as set. A tenant that never saved the preference gets its defaults, the values the page shows.
/// </summary>
internal sealed class PreferencesCallSettings(TenantAiSettingsCache settingsCache) : ITenantCallSettingsSource
{
    public async Task<TenantCallSettings> ForTenantAsync(int tenantId, CancellationToken cancellationToken) =>
        From((await settingsCache.GetAsync(tenantId, cancellationToken)).Parsed(PreferenceDocuments.PerformanceType, PreferenceDocuments.Read<PerformancePreference>));

    /// <summary>The chain's settings for a performance preference.</summary>
    public static TenantCallSettings From(PerformancePreference performance) => new(
        performance.BatchSize > 0 ? performance.BatchSize : null,
        performance.RequestTimeoutSeconds > 0 ? performance.RequestTimeoutSeconds : null,
        TimeSpan.FromMinutes(Math.Max(0, performance.CacheTtlMinutes)),
        performance.MaxConcurrency > 0 ? performance.MaxConcurrency : null);
}
