namespace Pulse.Core.Preferences;

/// <summary>A save started from an older revision: someone else saved in between, and their change is kept.</summary>
public sealed class PreferencesConflictException(string changedBy, DateTimeOffset changedAt, int currentRevision)
    : Exception($"Your changes were not saved: {changedBy} changed these preferences at {changedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, after you opened them. "
        + "Reload to see their version, then make your change again.")
{
    /// <summary>Who saved the newer revision.</summary>
    public string ChangedBy { get; } = changedBy;

    /// <summary>When the newer revision was saved.</summary>
    public DateTimeOffset ChangedAt { get; } = changedAt;

    /// <summary>The revision now stored.</summary>
    public int CurrentRevision { get; } = currentRevision;
}
