namespace Pulse.Core.Providers;

/// <summary>Whether the integration a usage row describes answered.</summary>
public enum UsageOutcome
{
    /// <summary>It answered and its answer was used.</summary>
    Success,

    /// <summary>It failed (or was skipped by its breaker); see the row's error category.</summary>
    Failed,
}
