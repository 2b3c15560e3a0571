namespace Pulse.Core.Preferences;

/// <summary>One rule a preferences edit breaks: the field (a dotted path such as cost_limits.monthly_budget) and a message for the person.</summary>
public sealed record PreferenceProblem(string Field, string Message);
