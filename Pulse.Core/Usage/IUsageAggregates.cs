namespace Pulse.Core.Usage;

/// <summary>
/// Usage figures for the usage page, the dashboard and exports, read from the replica when one is configured.
/// Scoped to the caller's tenant context: a tenant user sees only their tenant, a platform admin the selected
/// tenant or every tenant.
/// </summary>
public interface IUsageAggregates
{
    /// <summary>The facts and figures of a range.</summary>
    Task<UsageReport> QueryAsync(UsageQuery query, CancellationToken cancellationToken = default);

    /// <summary>The tenant a query would be answered for (null: all tenants); throws when the caller may not ask for it.</summary>
    int? ResolveTenant(int? requestedTenantId);
}
