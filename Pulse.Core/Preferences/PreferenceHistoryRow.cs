using Pulse.Core.Data.Entities;

namespace Pulse.Core.Preferences;

/// <summary>
/// One saved change of a tenant's preferences (table tenant_preference_history). The unique (tenant, revision) pair is
/// the optimistic-concurrency guard: two saves from the same revision cannot both write the next one.
/// </summary>
public class PreferenceHistoryRow : ITenantOwned
{
    public long Id { get; set; }
    public int TenantId { get; set; }
    public int Revision { get; set; }
    public int? UserId { get; set; }
    public string ChangedBy { get; set; } = "";
    public DateTimeOffset ChangedAt { get; set; } = DateTimeOffset.UtcNow;
    /// <summary>JSON array of <see cref="FieldChange"/>.</summary>
    public string Changes { get; set; } = "[]";
}
