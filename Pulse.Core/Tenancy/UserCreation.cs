using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Tenancy;

/// <summary>
/// A user and their role in one transaction. Identity saves the user and the role assignment separately, so a
/// database that fails between the two would leave a user who can sign in with no role; here both commit or neither.
/// </summary>
internal static class UserCreation
{
    /// <summary>
    /// Creates <paramref name="user"/> with <paramref name="role"/>. <paramref name="identityDb"/> must be the context
    /// <paramref name="users"/>' store writes through (the scoped <see cref="PulseDbContext"/>).
    /// Returns the first failed Identity result, or success.
    /// </summary>
    public static async Task<IdentityResult> CreateWithRoleAsync(
        PulseDbContext identityDb, UserManager<PulseUser> users, PulseUser user, string password, string role, CancellationToken cancellationToken)
    {
        // The retrying execution strategy replays the whole unit after a transient failure, from a clean slate.
        var strategy = identityDb.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            identityDb.ChangeTracker.Clear();
            user.Id = 0;
            await using var transaction = await identityDb.Database.BeginTransactionAsync(ct);
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded) return created;
            var assigned = await users.AddToRoleAsync(user, role);
            if (!assigned.Succeeded) return assigned;
            await transaction.CommitAsync(ct);
            return IdentityResult.Success;
        }, cancellationToken);
    }
}
