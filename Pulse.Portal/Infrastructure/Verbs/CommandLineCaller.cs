using System.Globalization;
using Pulse.Core.Tenancy;

namespace Pulse.Portal.Infrastructure.Verbs;

/// <summary>
/// Who runs a command-line verb: the operator at the machine, with platform admin rights (they own the data folder or the
/// connection string), recorded as <c>cli@hostname</c>; pinned to <c>--tenant</c> when one is given.
/// </summary>
public sealed class CommandLineCaller(int? tenantId) : ITenantContext
{
    /// <summary>The name recorded for work done from the command line.</summary>
    public static string Name { get; } = string.Create(CultureInfo.InvariantCulture, $"cli@{Environment.MachineName.ToLowerInvariant()}");

    public int? TenantId { get; } = tenantId;
    public string? UserId => Name;
    public IReadOnlySet<string> Roles { get; } = new HashSet<string> { PulseRoles.PlatformAdmin };
    public bool IsPlatformAdmin => true;
}
