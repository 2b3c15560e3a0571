using Pulse.Core.Data.Entities;

namespace Pulse.Core.Operations.ApiKeys;

/// <summary>A tenant's API key (table <c>api_keys</c>): only its public prefix and the SHA-256 of its secret are stored.</summary>
public class ApiKey : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public byte[] SecretHash { get; set; } = [];
    public int? CreatedByUserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
