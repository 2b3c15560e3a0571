using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Tenancy;

/// <summary>User management for platform admins: create with a role, reset a password, lock and unlock.</summary>
public sealed class UserAdministration(IPulseDbContextFactory contexts, UserManager<PulseUser> users, PulseDbContext identityDb, ITenantContext caller)
{
    /// <summary>Every user with role, tenant and lockout state.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        RequireAdmin();
        await using var db = contexts.CreateReadOnlyDbContext();
        var rows = await (from u in db.Users
                          join t in db.Tenants on u.TenantId equals t.Id into tenants
                          from t in tenants.DefaultIfEmpty()
                          orderby u.Email
                          select new { u.Id, u.Email, u.DisplayName, u.TenantId, TenantName = t == null ? null : t.Name, u.LockoutEnd, u.AccessFailedCount,
                              Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault() })
                         .ToListAsync(cancellationToken);
        return rows.Select(r => new UserSummary(r.Id, r.Email ?? "", r.DisplayName, r.Role ?? "", r.TenantId, r.TenantName,
            r.LockoutEnd > DateTimeOffset.UtcNow, r.AccessFailedCount)).ToList();
    }

    /// <summary>Creates a user bound to a tenant (platform admins to none) with one role.</summary>
    public async Task<UserSummary> CreateAsync(string email, string? displayName, string role, int? tenantId, string password, CancellationToken cancellationToken = default)
    {
        RequireAdmin();
        email = email.Trim();
        if (!PulseRoles.All.Contains(role)) throw new ValidationFailedException($"'{role}' is not a role.", "Role");
        if (role == PulseRoles.PlatformAdmin && tenantId is not null)
            throw new ValidationFailedException("Platform admins belong to no tenant; leave the tenant empty.", "Tenant");
        if (role != PulseRoles.PlatformAdmin)
        {
            if (tenantId is null) throw new ValidationFailedException("Choose the tenant this user belongs to.", "Tenant");
            await using var db = contexts.CreateReadOnlyDbContext();
            if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, cancellationToken)) throw new ValidationFailedException("That tenant does not exist.", "Tenant");
        }
        var user = new PulseUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName?.Trim(), TenantId = tenantId };
        Check(await UserCreation.CreateWithRoleAsync(identityDb, users, user, password, role, cancellationToken));
        await AuditAsync("user.created", email, new { role, tenantId }, tenantId, cancellationToken);
        return new UserSummary(user.Id, email, user.DisplayName, role, tenantId, null, false, 0);
    }

    /// <summary>Sets a new password (the user's sessions end at their next security-stamp check).</summary>
    public async Task ResetPasswordAsync(int userId, string newPassword, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(userId);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        Check(await users.ResetPasswordAsync(user, token, newPassword));
        await users.ResetAccessFailedCountAsync(user);
        await AuditAsync("user.password_reset", user.Email, null, user.TenantId, cancellationToken);
    }

    /// <summary>Locks a user out until unlocked, or unlocks them.</summary>
    public async Task SetLockedAsync(int userId, bool locked, CancellationToken cancellationToken = default)
    {
        var user = await FindAsync(userId);
        if (locked && caller.UserId == user.Id.ToString()) throw new ValidationFailedException("You cannot lock your own account.");
        Check(await users.SetLockoutEndDateAsync(user, locked ? DateTimeOffset.MaxValue : null));
        if (!locked) await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await AuditAsync(locked ? "user.locked" : "user.unlocked", user.Email, null, user.TenantId, cancellationToken);
    }

    private async Task<PulseUser> FindAsync(int userId)
    {
        RequireAdmin();
        return await users.FindByIdAsync(userId.ToString()) ?? throw new ValidationFailedException("That user does not exist.");
    }

    private async Task AuditAsync(string action, string? target, object? details, int? tenantId, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        AuditWriter.Add(db, action, target, details, tenantId);
        await db.SaveChangesAsync(cancellationToken);
    }

    private void RequireAdmin()
    {
        if (!caller.IsPlatformAdmin) throw new TenantAccessDeniedException("Only platform admins can manage users.");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new ValidationFailedException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
