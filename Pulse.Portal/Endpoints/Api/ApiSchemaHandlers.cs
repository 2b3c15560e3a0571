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

    /// <summary>
    /// The tenant's collections' live health, each with its drift against the declared schema (when one declared it), and
    /// the declared collections missing from the store. The overall status is the worst of them.
    /// </summary>
    public static async Task<Ok<SchemaHealthResponse>> HealthAsync(TenantVectorStore store, ITenantContext tenant, SchemaDriftChecker schemas, CancellationToken cancellationToken)
    {
        var drifts = await schemas.CheckAsync(tenant.TenantId, cancellationToken);
        var rows = new List<HealthRowResponse>();
        foreach (var name in await store.ListCollectionsAsync(cancellationToken))
            if (CollectionNames.TryParseTenant(name, out var owner, out _) && owner == tenant.TenantId)
            {
                var drift = drifts.FirstOrDefault(d => d.LiveCollection == name);
                rows.Add(ApiCollectionHandlers.Row(CollectionHealthSource.Row(await store.GetCollectionInfoAsync(name, cancellationToken), owner, drift, null)));
            }

        foreach (var missing in drifts.Where(d => d.LiveCollection is null))
            rows.Add(new HealthRowResponse(CollectionHealthSource.ComponentName, missing.Collection, "red", missing.Summary, new Dictionary<string, double?> { ["schema_drift"] = 1 }));
        var status = rows.Count == 0 ? "green" : rows.Select(r => r.Status).OrderBy(s => Array.IndexOf(["green", "grey", "yellow", "red"], s)).Last();
        var drifted = drifts.Count(d => d.HasDrift);
        var note = drifts.Count == 0
            ? "No schema has been applied to this tenant's collections, so drift is not checked; the status is the collections' live health."
            : drifted == 0
                ? $"All {drifts.Count} declared collection(s) match their schema."
                : $"{drifted} of {drifts.Count} declared collection(s) differ from their schema or are missing; each row says how.";
        return TypedResults.Ok(new SchemaHealthResponse(status, drifts.Count > 0, rows, note));
    }
}
