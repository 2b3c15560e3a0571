namespace Pulse.Core.Operations.ApiKeys;

/// <summary>Who an accepted API key speaks for.</summary>
public sealed record ApiKeyIdentity(int KeyId, int TenantId, string Name, string Prefix);
