using Microsoft.AspNetCore.Identity;

namespace Pulse.Core.Data.Entities;

/// <summary>A person who signs in. Bound to one tenant; platform admins to none.</summary>
public class PulseUser : IdentityUser<int>
{
    public int? TenantId { get; set; }
    public string? DisplayName { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
}
