namespace Pulse.Core.Providers.Resilience;

/// <summary>Where an integration's circuit breaker stands.</summary>
public enum CircuitState
{
    /// <summary>Calls go through.</summary>
    Closed,

    /// <summary>Too many consecutive failures: calls are skipped until the cool-down ends.</summary>
    Open,

    /// <summary>The cool-down ended: one trial call decides whether to close or reopen.</summary>
    HalfOpen,
}
