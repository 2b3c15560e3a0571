using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Operations.ApiKeys;

/// <summary>Checks a presented API key: looked up by prefix, secret compared by hash in constant time, revoked keys refused.</summary>
public sealed class ApiKeyAuthenticator(PulseDatabase database, TimeProvider time)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>The key's identity, or null when the token is unknown, malformed or revoked.</summary>
    /// <exception cref="DatabaseUnavailableException">The key could not be looked up: the database did not answer.</exception>
    public async Task<ApiKeyIdentity?> AuthenticateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!ApiKeyToken.TryParse(token, out var prefix, out var secret)) return null;
        try
        {
            return await LookUpAsync(prefix, secret, cancellationToken);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or RetryLimitExceededException or TimeoutException)
        {
            throw new DatabaseUnavailableException($"The API key could not be checked: the database did not answer ({ex.GetBaseException().Message}).", ex);
        }
    }

    private async Task<ApiKeyIdentity?> LookUpAsync(string prefix, string secret, CancellationToken cancellationToken)
    {
        await using var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform);
        var key = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (key is null || key.RevokedAt is not null) return null;
        if (!CryptographicOperations.FixedTimeEquals(key.SecretHash, ApiKeyToken.Hash(secret))) return null;
        var now = time.GetUtcNow();
        // Written at most once a minute per key, so a busy client does not turn every read into a write.
        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            await db.Set<ApiKey>().Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        return new ApiKeyIdentity(key.Id, key.TenantId, key.Name, key.Prefix);
    }
}
