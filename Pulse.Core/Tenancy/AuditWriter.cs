using System.Text.Json;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Tenancy;

/// <summary>Adds audit rows to a context's pending changes, so they commit with the change they describe.</summary>
public static class AuditWriter
{
    /// <summary>Adds one audit row for <paramref name="action"/> by the context's user.</summary>
    public static void Add(PulseDbContext db, string action, string? target, object? details = null, int? tenantId = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            TenantId = tenantId ?? db.TenantContext.TenantId,
            UserId = int.TryParse(db.TenantContext.UserId, out var id) ? id : null,
            Action = action,
            Target = target,
            Details = JsonSerializer.Serialize(details ?? new { }),
        });
}
