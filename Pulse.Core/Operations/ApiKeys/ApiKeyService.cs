using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Operations.ApiKeys;

/// <summary>
/// A tenant owner's API keys: list, create (the token is returned once and never stored), revoke. Platform admins
/// manage the keys of the tenant they picked. Every query is scoped to the caller's tenant.
/// </summary>
public sealed class ApiKeyService(IPulseDbContextFactory contexts, ITenantContext tenant, TimeProvider time)
{
    /// <summary>True when the caller may manage keys (a tenant owner, or a platform admin with a tenant picked).</summary>
    public bool CanManage => tenant.TenantId is not null && (tenant.IsPlatformAdmin || tenant.Roles.Contains(PulseRoles.TenantOwner));

    /// <summary>The tenant's keys, newest first, revoked ones included.</summary>
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        Require();
        await using var db = contexts.CreateDbContext();
        return await db.Set<ApiKey>().AsNoTracking().Where(k => k.TenantId == tenant.TenantId).OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id)
            .Select(k => new ApiKeySummary(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Creates a key named <paramref name="name"/>; the returned token is shown once.</summary>
    public async Task<CreatedApiKey> CreateAsync(string name, CancellationToken cancellationToken = default)
    {
        Require();
        name = (name ?? "").Trim();
        if (name.Length is < 2 or > 100)
            throw new ValidationFailedException("A key name needs 2 to 100 characters, e.g. \"CI pipeline\".");
        await using var db = contexts.CreateDbContext();
        if (await db.Set<ApiKey>().AnyAsync(k => k.TenantId == tenant.TenantId && k.Name == name && k.RevokedAt == null, cancellationToken))
            throw new ValidationFailedException($"An active key named \"{name}\" exists; pick another name or revoke that one first.");
        var (prefix, secret, token) = ApiKeyToken.Generate();
        var key = new ApiKey
        {
            TenantId = tenant.TenantId!.Value,
            Name = name,
            Prefix = prefix,
            SecretHash = ApiKeyToken.Hash(secret),
            CreatedByUserId = int.TryParse(tenant.UserId, out var userId) ? userId : null,
            CreatedAt = time.GetUtcNow(),
        };
        db.Set<ApiKey>().Add(key);
        AuditWriter.Add(db, "api_key.created", name, new { prefix });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new ValidationFailedException($"An active key named \"{name}\" exists; pick another name or revoke that one first.");
        }

        return new CreatedApiKey(new ApiKeySummary(key.Id, key.Name, key.Prefix, key.CreatedAt, null, null), token);
    }

    /// <summary>Revokes a key of the caller's tenant; requests with it are refused from now on.</summary>
    public async Task RevokeAsync(int keyId, CancellationToken cancellationToken = default)
    {
        Require();
        await using var db = contexts.CreateDbContext();
        var key = await db.Set<ApiKey>().FirstOrDefaultAsync(k => k.Id == keyId && k.TenantId == tenant.TenantId, cancellationToken)
            ?? throw new ValidationFailedException("That key does not exist (or belongs to another tenant).");
        if (key.RevokedAt is not null) return;
        key.RevokedAt = time.GetUtcNow();
        AuditWriter.Add(db, "api_key.revoked", key.Name, new { prefix = key.Prefix });
        await db.SaveChangesAsync(cancellationToken);
    }

    private void Require()
    {
        if (tenant.TenantId is null)
            throw new ValidationFailedException("Pick a tenant first: API keys belong to one tenant.");
        if (!CanManage)
            throw new TenantAccessDeniedException("Only the tenant's owner (or a platform admin) manages API keys.");
    }
}
