using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Core.Operations.Health;
using Pulse.Core.Tenancy;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>Health rows the key's tenant may see; a report younger than 30 s is reused rather than probing again.</summary>
public static class ApiHealthHandlers
{
    public static async Task<Ok<HealthResponse>> HealthAsync(HealthMonitor monitor, ITenantContext tenant, CancellationToken cancellationToken)
    {
        var report = await monitor.CurrentAsync(TimeSpan.FromSeconds(30), cancellationToken);
        var visible = report.VisibleTo(tenant);
        return TypedResults.Ok(new HealthResponse(visible.Overall.ToString().ToLowerInvariant(), visible.CheckedAt, [.. visible.Rows.Select(ApiCollectionHandlers.Row)]));
    }
}
