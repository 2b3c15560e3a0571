using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Collections.Schema;
using Pulse.Core.Data;
using Pulse.Core.Operations.Probes;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>Schema endpoints: the applied collection schema versions (migration 0010's history), and the collections' health.</summary>
public static class ApiSchemaHandlers
{
    /// <summary>The newest applied schema version of each of the key's tenant's collections (seed 002's "schema version" check).</summary>
    public static async Task<Ok<SchemaVersionResponse>> VersionAsync(IPulseDbContextFactory databases, ITenantContext tenant, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateReadOnlyDbContext();
        var applied = await db.Set<CollectionSchemaVersion>().AsNoTracking()
            .Where(v => v.TenantId == tenant.TenantId)
            .OrderByDescending(v => v.AppliedAt).ThenByDescending(v => v.Id)
            .ToListAsync(cancellationToken);
        var latest = applied.GroupBy(v => v.CollectionName).Select(g => g.First())
            .Select(v => new AppliedSchemaVersion(v.CollectionName, v.PhysicalName, v.SchemaName, v.Version, v.AppliedByName, v.AppliedAt))
            .OrderBy(v => v.Collection, StringComparer.Ordinal).ToList();
        return TypedResults.Ok(new SchemaVersionResponse(latest.Count == 0 ? null : latest.Max(v => v.Version), latest,
            latest.Count == 0 ? "No collection schema has been applied for this tenant yet (Collections page, Schemas tab)." : null));
    }

    public static async Task<Ok<SchemaHealthResponse>> HealthAsync(TenantVectorStore store, ITenantContext tenant, CancellationToken cancellationToken)
    {
        var rows = new List<HealthRowResponse>();
        foreach (var name in await store.ListCollectionsAsync(cancellationToken))
            if (CollectionNames.TryParseTenant(name, out var owner, out _) && owner == tenant.TenantId)
                rows.Add(ApiCollectionHandlers.Row(CollectionHealthSource.Row(await store.GetCollectionInfoAsync(name, cancellationToken), owner)));
        var status = rows.Count == 0 ? "green" : rows.Select(r => r.Status).OrderBy(s => Array.IndexOf(["green", "grey", "yellow", "red"], s)).Last();
        return TypedResults.Ok(new SchemaHealthResponse(status, false, rows,
            "No declared schema is available, so drift against it is not checked; the status is the collections' live health."));
    }
}
