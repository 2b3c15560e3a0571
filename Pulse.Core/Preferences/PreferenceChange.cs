namespace Pulse.Core.Preferences;

/// <summary>One entry of the history: who saved which revision, when, and what changed.</summary>
public sealed record PreferenceChange(int Revision, string ChangedBy, DateTimeOffset ChangedAt, IReadOnlyList<FieldChange> Changes);
