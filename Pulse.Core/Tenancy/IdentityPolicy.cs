using Microsoft.AspNetCore.Identity;

namespace Pulse.Core.Tenancy;

/// <summary>Password, lockout and user rules, shared by the portal's sign-in and the admin services.</summary>
public static class IdentityPolicy
{
    /// <summary>Failed sign-ins before the account locks.</summary>
    public const int MaxFailedAttempts = 5;

    /// <summary>How long a lockout lasts.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    public static void Configure(IdentityOptions options)
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 10;
        options.Password.RequireNonAlphanumeric = false;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
        options.SignIn.RequireConfirmedAccount = false;
    }
}
