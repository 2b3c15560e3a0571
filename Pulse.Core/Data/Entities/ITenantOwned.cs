namespace Pulse.Core.Data.Entities;

/// <summary>A row that belongs to one tenant. The DbContext filters and guards every such row by the tenant context.</summary>
public interface ITenantOwned
{
    int TenantId { get; set; }
}
