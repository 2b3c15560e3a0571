using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Core.Operations.Probes;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>Schema endpoints. Until collection schemas are declared and applied, they say so instead of inventing a version.</summary>
public static class ApiSchemaHandlers
{
    public static ProblemHttpResult Version() =>
        ApiProblems.Result(StatusCodes.Status501NotImplemented, "No schema version",
            "Collection schema versioning is not available in this version of the portal; /api/v1/schema/health reports the collections' live health.");

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
