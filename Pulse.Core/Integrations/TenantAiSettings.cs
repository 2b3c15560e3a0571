using System.Collections.Concurrent;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Integrations;

/// <summary>
/// A tenant's AI settings as read at one moment: its integrations and its AI preference documents. Shared between calls
/// (see <see cref="TenantAiSettingsCache"/>), so the rows are untracked and must not be modified.
/// </summary>
public sealed class TenantAiSettings
{
    private readonly IReadOnlyDictionary<string, string> _documents;
    private readonly ConcurrentDictionary<(string, Type), object> _parsed = new();

    internal TenantAiSettings(int tenantId, string fingerprint, IReadOnlyList<Integration> integrations, IReadOnlyDictionary<string, string> documents)
    {
        TenantId = tenantId;
        Fingerprint = fingerprint;
        Integrations = integrations;
        _documents = documents;
    }

    /// <summary>The tenant.</summary>
    public int TenantId { get; }

    /// <summary>Identifies exactly this version of the rows (every row's id and row version); any change gives another.</summary>
    internal string Fingerprint { get; }

    /// <summary>Every integration row of the tenant, by id.</summary>
    public IReadOnlyList<Integration> Integrations { get; }

    /// <summary>The stored JSON of a preference document, or null when the tenant never saved it.</summary>
    public string? Document(string preferenceType) => _documents.GetValueOrDefault(preferenceType);

    /// <summary>A preference document parsed once by <paramref name="parse"/> and kept with these settings.</summary>
    public T Parsed<T>(string preferenceType, Func<string?, T> parse) where T : class =>
        (T)_parsed.GetOrAdd((preferenceType, typeof(T)), key => parse(Document(key.Item1)));
}
