using Microsoft.AspNetCore.Identity;

namespace Pulse.Core.Data.Entities;

/// <summary>One of the roles in <see cref="Tenancy.PulseRoles"/>.</summary>
public class PulseRole : IdentityRole<int>
{
    public PulseRole() { }
    public PulseRole(string name) : base(name) { }
}
