namespace Pulse.Core.Preferences;

/// <summary>One field a save changed, with its value before and after as people read them.</summary>
public sealed record FieldChange(string Section, string Field, string From, string To);
