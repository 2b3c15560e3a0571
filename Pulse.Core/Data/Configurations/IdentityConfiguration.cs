using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Data.Configurations;

/// <summary>Maps the ASP.NET Core Identity tables to the snake_case tables of migration 0001.</summary>
internal static class IdentityConfiguration
{
    public static void Apply(ModelBuilder builder)
    {
        builder.Entity<PulseUser>(u =>
        {
            u.ToTable("users");
            u.Property(x => x.DisplayName).HasMaxLength(200);
            u.HasOne<Tenant>().WithMany().HasForeignKey(x => x.TenantId);
        });
        builder.Entity<PulseRole>().ToTable("roles");
        builder.Entity<IdentityUserRole<int>>().ToTable("user_roles");
        builder.Entity<IdentityUserClaim<int>>().ToTable("user_claims");
        builder.Entity<IdentityUserLogin<int>>().ToTable("user_logins");
        builder.Entity<IdentityUserToken<int>>().ToTable("user_tokens");
        builder.Entity<IdentityRoleClaim<int>>().ToTable("role_claims");
    }
}
