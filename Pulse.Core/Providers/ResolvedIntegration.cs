namespace Pulse.Core.Providers;

/// <summary>One link of a resolved chain: the integration and its decrypted key (null when it needs none).</summary>
public sealed record ResolvedIntegration(IntegrationSpec Spec, ProviderCredential? Credential);
