namespace Pulse.Core.Providers;

/// <summary>
/// A tenant's own limits on its AI calls (the 'performance' preference), applied by the provider chain on top of each
/// integration's configuration: the smaller request size and the shorter timeout win, calls beyond
/// <see cref="MaxConcurrency"/> wait for a slot, and small embedding calls may be answered from a cache for
/// <see cref="CacheTtl"/>.
/// </summary>
/// <param name="BatchSize">Most texts per provider request, or null for the integration's own.</param>
/// <param name="TimeoutSeconds">Longest wait for one request, or null for the integration's own.</param>
/// <param name="CacheTtl">How long an embedding may be reused; zero turns the cache off.</param>
/// <param name="MaxConcurrency">Most AI calls of the tenant at once in this process, or null for no limit.</param>
public sealed record TenantCallSettings(int? BatchSize, double? TimeoutSeconds, TimeSpan CacheTtl, int? MaxConcurrency)
{
    /// <summary>No tenant limits: every integration as configured, no cache, no concurrency limit.</summary>
    public static TenantCallSettings None { get; } = new(null, null, TimeSpan.Zero, null);

    /// <summary>
    /// The integration as this tenant's calls use it: its batch size and timeout capped by the tenant's. The built-in
    /// embedder sends no requests, so a request size means nothing to it and it keeps its own.
    /// </summary>
    public IntegrationSpec Apply(IntegrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var performance = spec.Performance;
        if (BatchSize is { } batch && batch > 0 && spec.Kind != ProviderKind.LocalHashing && batch < performance.BatchSize)
            performance = performance with { BatchSize = batch };
        if (TimeoutSeconds is { } timeout && timeout > 0 && timeout < performance.TimeoutSeconds)
            performance = performance with { TimeoutSeconds = timeout };
        return ReferenceEquals(performance, spec.Performance) ? spec : spec with { Performance = performance };
    }
}

/// <summary>Where the chain reads a tenant's <see cref="TenantCallSettings"/> (the preferences layer provides it).</summary>
public interface ITenantCallSettingsSource
{
    /// <summary>The tenant's current settings; <see cref="TenantCallSettings.None"/> when it set none.</summary>
    Task<TenantCallSettings> ForTenantAsync(int tenantId, CancellationToken cancellationToken);
}
