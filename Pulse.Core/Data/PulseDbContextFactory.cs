using Microsoft.EntityFrameworkCore;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Data;

/// <summary>Scoped: every context it makes filters by this scope's tenant context.</summary>
public sealed class PulseDbContextFactory(PulseDatabase database, ITenantContext tenant) : IPulseDbContextFactory
{
    public PulseDbContext CreateDbContext() => new(database.PrimaryOptions, tenant);

    public PulseDbContext CreateReadOnlyDbContext()
    {
        var context = new PulseDbContext(database.ReadOptions, tenant);
        context.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        return context;
    }
}
