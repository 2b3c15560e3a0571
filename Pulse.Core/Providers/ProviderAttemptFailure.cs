namespace Pulse.Core.Providers;

/// <summary>One integration of a chain that did not answer, and why.</summary>
public sealed record ProviderAttemptFailure(int IntegrationId, string IntegrationName, ProviderErrorCategory Category, string Message);
