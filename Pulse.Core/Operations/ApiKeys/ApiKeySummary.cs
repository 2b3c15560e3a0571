namespace Pulse.Core.Operations.ApiKeys;

/// <summary>What the API keys page lists: never the secret.</summary>
public sealed record ApiKeySummary(int Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>The start of the key as it was shown, so a person can tell keys apart.</summary>
    public string Hint => $"{ApiKeyToken.Scheme}_{Prefix}_…";

    public bool IsRevoked => RevokedAt is not null;
}
