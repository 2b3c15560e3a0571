namespace Pulse.Core.Data.Entities;

/// <summary>One typed preference document of a tenant ('default_models', 'performance', 'cost_limits').</summary>
public class TenantAiPreference : ITenantOwned
{
    public int Id { get; set; }
    public int TenantId { get; set; }
    public string PreferenceType { get; set; } = "";
    public string Configuration { get; set; } = "{}";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset LastUpdatedAt { get; set; } = DateTimeOffset.UtcNow;
}
