using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Tenancy;

/// <summary>Tenants: listed for the picker, created by platform admins. Others see only their own tenant.</summary>
public sealed partial class TenantDirectory(IPulseDbContextFactory contexts, ITenantContext caller)
{
    /// <summary>Every tenant for a platform admin; the caller's own tenant for everyone else.</summary>
    public async Task<IReadOnlyList<TenantSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts.CreateReadOnlyDbContext();
        var query = db.Tenants.AsQueryable();
        if (!caller.IsPlatformAdmin) query = query.Where(t => t.Id == caller.TenantId);
        return await query.OrderBy(t => t.Name)
            .Select(t => new TenantSummary(t.Id, t.Name, t.Slug, t.Active, db.Users.Count(u => u.TenantId == t.Id), t.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>One tenant, or null when it does not exist or the caller may not see it.</summary>
    public async Task<TenantSummary?> FindAsync(int tenantId, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(t => t.Id == tenantId);

    /// <summary>Creates a tenant (platform admins only).</summary>
    public async Task<TenantSummary> CreateAsync(string name, string slug, CancellationToken cancellationToken = default)
    {
        if (!caller.IsPlatformAdmin) throw new TenantAccessDeniedException("Only platform admins can create tenants.");
        name = name.Trim();
        slug = slug.Trim().ToLowerInvariant();
        if (name.Length is < 2 or > 100) throw new ValidationFailedException("The tenant name must be 2 to 100 characters.", "Name");
        if (!SlugPattern().IsMatch(slug))
            throw new ValidationFailedException("The short name must be 2 to 50 lowercase letters, digits or hyphens, starting with a letter or digit.", "Slug");
        await using var db = contexts.CreateDbContext();
        if (await db.Tenants.AnyAsync(t => t.Slug == slug || t.Name == name, cancellationToken))
            throw new ValidationFailedException($"A tenant named '{name}' or with short name '{slug}' already exists.", "Name");
        var tenant = new Tenant { Name = name, Slug = slug };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken);
        AuditWriter.Add(db, "tenant.created", slug, new { name }, tenant.Id);
        await db.SaveChangesAsync(cancellationToken);
        return new TenantSummary(tenant.Id, tenant.Name, tenant.Slug, tenant.Active, 0, tenant.CreatedAt);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,49}$")]
    private static partial Regex SlugPattern();
}
