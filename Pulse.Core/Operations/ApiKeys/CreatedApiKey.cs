namespace Pulse.Core.Operations.ApiKeys;

/// <summary>A key just created: <see cref="Token"/> is the only time the secret exists outside the caller's hands.</summary>
public sealed record CreatedApiKey(ApiKeySummary Key, string Token);
