namespace Pulse.Core.Preferences;

/// <summary>A tenant's preferences as loaded, with the revision a save must start from and whether the caller may edit.</summary>
public sealed record PreferencesSnapshot(
    int TenantId,
    TenantPreferences Preferences,
    int Revision,
    string? LastChangedBy,
    DateTimeOffset? LastChangedAt,
    bool CanEdit,
    IReadOnlyList<IntegrationOption> Integrations);
