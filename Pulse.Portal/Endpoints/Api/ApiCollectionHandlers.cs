using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Core.Collections.Schema;
using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.Probes;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>Collections: list, one, validate. Only the key's tenant's collections exist for it.</summary>
public static class ApiCollectionHandlers
{
    public static async Task<Ok<CollectionListResponse>> ListAsync(TenantVectorStore store, ITenantContext tenant, CancellationToken cancellationToken)
    {
        var result = new List<CollectionResponse>();
        foreach (var name in await store.ListCollectionsAsync(cancellationToken))
            if (CollectionNames.TryParseTenant(name, out var owner, out _) && owner == tenant.TenantId)
                result.Add(Describe(await store.GetCollectionInfoAsync(name, cancellationToken)));
        return TypedResults.Ok(new CollectionListResponse(result));
    }

    public static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> GetAsync(string name, TenantVectorStore store, ITenantContext tenant, CancellationToken cancellationToken)
    {
        var (full, problem) = await ResolveAsync(name, store, tenant, cancellationToken);
        if (problem is not null) return problem;
        return TypedResults.Ok(Describe(await store.GetCollectionInfoAsync(full!, cancellationToken)));
    }

    /// <summary>
    /// Validates the collection's live state and, when a schema declared it, the live collection against that declaration
    /// (vector size, distance, HNSW parameters, payload indexes): a difference fails the <c>schema</c> check with each
    /// difference in words.
    /// </summary>
    public static async Task<Results<Ok<ValidationResponse>, ProblemHttpResult>> ValidateAsync(
        string name, TenantVectorStore store, ITenantContext tenant, SchemaDriftChecker schemas, CancellationToken cancellationToken)
    {
        var (full, problem) = await ResolveAsync(name, store, tenant, cancellationToken);
        if (problem is not null) return problem;
        var info = await store.GetCollectionInfoAsync(full!, cancellationToken);
        var drift = (await schemas.CheckAsync(tenant.TenantId, cancellationToken)).FirstOrDefault(d => d.Collection == full || d.LiveCollection == info.Name);
        List<ValidationCheck> checks =
        [
            new("status", info.Status != CollectionStatus.Red, $"Status {info.Status.ToString().ToLowerInvariant()}."),
            new("vector_size", info.Config.VectorSize > 0, $"Vectors of {info.Config.VectorSize} dimensions, {info.Config.Distance} distance."),
            new("indexed_vectors", info.IndexedVectorsCount <= info.PointsCount,
                $"{info.IndexedVectorsCount:N0} indexed vectors for {info.PointsCount:N0} points. {CollectionHealthSource.IndexedExplanation}"),
            new("payload_indexes", true, info.PayloadSchema.Count == 0 ? "No payload indexes." : $"Payload indexes: {string.Join(", ", info.PayloadSchema.Select(p => $"{p.Key} ({p.Value})"))}."),
        ];
        if (drift is not null)
            checks.Add(new("schema", !drift.HasDrift, drift.Summary));
        var note = drift is null
            ? "No schema declares this collection (it was created without one), so only its live state was validated; apply a schema on the Collections page to check drift."
            : $"Validated against schema {drift.SchemaName} v{drift.Version}, the newest applied to '{drift.Collection}'.";
        return TypedResults.Ok(new ValidationResponse(full!, checks.All(c => c.Passed), drift is not null, checks, note));
    }

    /// <summary>The full name the key may address, or the problem to answer: 404 for another tenant's or a missing collection.</summary>
    internal static async Task<(string? Name, ProblemHttpResult? Problem)> ResolveAsync(string name, TenantVectorStore store, ITenantContext tenant, CancellationToken cancellationToken)
    {
        var notFound = ApiProblems.NotFound($"Collection '{name}' does not exist for this tenant.");
        string full;
        if (CollectionNames.TryParseTenant(name, out var owner, out _))
        {
            if (owner != tenant.TenantId) return (null, notFound);
            full = name;
        }
        else
        {
            try
            {
                full = CollectionNames.ForTenant(tenant.TenantId ?? 0, name);
            }
            catch (VectorStoreException ex)
            {
                return (null, ApiProblems.BadRequest(ex.Message));
            }
        }

        return store.CanAccess(full) && await store.CollectionExistsAsync(full, cancellationToken) ? (full, null) : (null, notFound);
    }

    internal static CollectionResponse Describe(CollectionInfo info)
    {
        var row = CollectionHealthSource.Row(info, null);
        CollectionNames.TryParseTenant(info.Name, out _, out var logical);
        return new CollectionResponse(info.Name, logical, info.Status.ToString().ToLowerInvariant(), row.Reason, info.PointsCount, info.IndexedVectorsCount,
            info.SegmentsCount, info.Config.VectorSize, info.Config.Distance.ToString(),
            info.PayloadSchema.ToDictionary(p => p.Key, p => p.Value.ToString()));
    }

    internal static HealthRowResponse Row(HealthRow row) =>
        new(row.Component, row.Name, row.Status.ToString().ToLowerInvariant(), row.Reason, row.Figures.ToDictionary(f => f.Key, f => f.Value));
}
