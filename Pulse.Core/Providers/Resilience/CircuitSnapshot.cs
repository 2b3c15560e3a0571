namespace Pulse.Core.Providers.Resilience;

/// <summary>A breaker's state for the health page.</summary>
public sealed record CircuitSnapshot(int IntegrationId, CircuitState State, int ConsecutiveFailures, DateTimeOffset? OpenUntil);
