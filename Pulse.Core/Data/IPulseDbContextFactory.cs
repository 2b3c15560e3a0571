namespace Pulse.Core.Data;

/// <summary>Creates short-lived DbContexts scoped to the current tenant context (Blazor Server services use this, never a long-lived context).</summary>
public interface IPulseDbContextFactory
{
    /// <summary>A context on the primary, for writes and reads that must see them.</summary>
    PulseDbContext CreateDbContext();

    /// <summary>A no-tracking context on the replica when healthy, else the primary: dashboards, charts, analytics.</summary>
    PulseDbContext CreateReadOnlyDbContext();
}
