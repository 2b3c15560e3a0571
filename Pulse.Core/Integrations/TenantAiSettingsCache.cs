using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Integrations;

/// <summary>
/// Each tenant's AI settings (integrations and preference documents) kept in memory and re-read only when they changed.
/// Every read first asks the primary for the settings' fingerprint: each row's id and row version (<c>xmin</c>) of the
/// tenant's <c>integrations</c> and <c>tenant_ai_preferences</c>, one indexed read of a handful of rows. Any insert,
/// update or delete, by this portal, another process or by hand, changes it, so a read never answers with settings
/// older than the fingerprint it just saw. Inside a <see cref="ProviderCallScope"/> the settings are read once per call.
/// </summary>
public sealed class TenantAiSettingsCache(PulseDatabase database)
{
    private const string FingerprintSql = """
        SELECT coalesce((SELECT string_agg(id::text || ':' || xmin::text, ',' ORDER BY id) FROM integrations WHERE tenant_id = $1), '')
            || '|' || coalesce((SELECT string_agg(id::text || ':' || xmin::text, ',' ORDER BY id) FROM tenant_ai_preferences WHERE tenant_id = $1), '')
        """;

    private readonly ConcurrentDictionary<int, (NpgsqlDataSource Source, TenantAiSettings Settings)> _entries = new();

    /// <summary>The tenant's current settings.</summary>
    public Task<TenantAiSettings> GetAsync(int tenantId, CancellationToken cancellationToken) =>
        ProviderCallScope.OnceAsync(new ScopeKey(tenantId), () => ReadAsync(tenantId, cancellationToken));

    private async Task<TenantAiSettings> ReadAsync(int tenantId, CancellationToken cancellationToken)
    {
        var source = database.Primary;
        var fingerprint = await FingerprintAsync(source, tenantId, cancellationToken).ConfigureAwait(false);
        if (_entries.TryGetValue(tenantId, out var entry) && ReferenceEquals(entry.Source, source) && entry.Settings.Fingerprint == fingerprint)
            return entry.Settings;

        // Read after the fingerprint: the rows are at least as new as it, so a change in between only costs a re-read.
        var settings = await LoadAsync(tenantId, fingerprint, cancellationToken).ConfigureAwait(false);
        _entries[tenantId] = (source, settings);
        return settings;
    }

    private static async Task<string> FingerprintAsync(NpgsqlDataSource source, int tenantId, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(FingerprintSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = tenantId });
        return (string)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private async Task<TenantAiSettings> LoadAsync(int tenantId, string fingerprint, CancellationToken cancellationToken)
    {
        await using var db = new PulseDbContextFactory(database, SystemTenantContext.ForTenant(tenantId)).CreateDbContext();
        var integrations = await db.Integrations.AsNoTracking().Where(i => i.TenantId == tenantId).OrderBy(i => i.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var documents = await db.AiPreferences.AsNoTracking().Where(p => p.TenantId == tenantId)
            .ToDictionaryAsync(p => p.PreferenceType, p => p.Configuration, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        return new TenantAiSettings(tenantId, fingerprint, integrations, documents);
    }

    private sealed record ScopeKey(int TenantId);
}
