using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Tenancy;

/// <summary>
/// Creates the first platform admin from <see cref="BootstrapOptions"/> at start-up, after the migrations and before
/// any demo seeding, so a fresh production database can be signed into without demo accounts. An existing user with
/// that email is left exactly as it is (its password and role are not touched), so the step is safe on every start.
/// </summary>
public sealed partial class AdminBootstrapper(
    PulseDatabase database,
    UserManager<PulseUser> users,
    PulseDbContext identityDb,
    IOptions<BootstrapOptions> options,
    ILogger<AdminBootstrapper> logger)
{
    /// <summary>
    /// Creates the configured admin when no user with that email exists. Returns true when it was created.
    /// Throws <see cref="InvalidOperationException"/> (naming Identity's reasons, never the password) when the
    /// configuration is incomplete or the password does not meet the policy.
    /// </summary>
    public async Task<bool> EnsureAdminAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        if (!settings.IsConfigured) return false;
        var email = settings.AdminEmail!.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            LogExists(email);
            return false;
        }
        if (string.IsNullOrEmpty(settings.AdminPassword))
            throw new InvalidOperationException($"Pulse:Bootstrap:AdminEmail is set to {email} but Pulse:Bootstrap:AdminPassword is empty; set both to create the first platform admin.");

        cancellationToken.ThrowIfCancellationRequested();
        var user = new PulseUser { UserName = email, Email = email, EmailConfirmed = true, TenantId = null, DisplayName = "Platform admin" };
        IdentityResult created;
        try
        {
            created = await UserCreation.CreateWithRoleAsync(identityDb, users, user, settings.AdminPassword, PulseRoles.PlatformAdmin, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another portal instance starting at the same moment may have created it first.
            if (await users.FindByEmailAsync(email) is null) throw;
            LogExists(email);
            return false;
        }
        if (!created.Succeeded)
            throw new InvalidOperationException($"The first platform admin {email} could not be created: {Describe(created)}");

        await using var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform);
        AuditWriter.Add(db, "user.bootstrapped", email, new { role = PulseRoles.PlatformAdmin });
        await db.SaveChangesAsync(cancellationToken);
        LogCreated(email);
        return true;
    }

    private static string Describe(IdentityResult result) => string.Join(" ", result.Errors.Select(e => e.Description));

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Created the first platform admin {Email} from Pulse:Bootstrap")]
    private partial void LogCreated(string email);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "The bootstrap admin {Email} already exists; left unchanged")]
    private partial void LogExists(string email);
}
