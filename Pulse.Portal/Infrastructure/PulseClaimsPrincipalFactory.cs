using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Pulse.Core.Data.Entities;

namespace Pulse.Portal.Infrastructure;

/// <summary>Puts the user's tenant and display name into the sign-in cookie, next to Identity's role claims.</summary>
public sealed class PulseClaimsPrincipalFactory(UserManager<PulseUser> users, RoleManager<PulseRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PulseUser, PulseRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PulseUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.TenantId is { } tenantId)
            identity.AddClaim(new Claim(PortalClaims.TenantId, tenantId.ToString(CultureInfo.InvariantCulture)));
        identity.AddClaim(new Claim(PortalClaims.DisplayName, user.DisplayName ?? user.Email ?? ""));
        return identity;
    }
}
