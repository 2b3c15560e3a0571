using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>Semantic search through the tenant's provider chain.</summary>
public static class ApiSearchHandlers
{
    public static async Task<Results<Ok<SearchResponse>, ProblemHttpResult>> SearchAsync(
        SearchRequest request, TenantVectorStore store, ITenantContext tenant, IEmbeddingService embeddings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Query) || request.Query.Length > 4000)
            return ApiProblems.BadRequest("Send a query of 1 to 4,000 characters.");
        if (request.Limit is < 1 or > 100)
            return ApiProblems.BadRequest("The limit must be 1 to 100.");
        var (name, problem) = await ApiCollectionHandlers.ResolveAsync(request.Collection ?? "", store, tenant, cancellationToken);
        if (problem is not null) return problem;

        var clock = Stopwatch.StartNew();
        EmbeddingResult embedded;
        try
        {
            embedded = await embeddings.EmbedAsync(tenant.TenantId!.Value, [request.Query], null, cancellationToken);
        }
        catch (BudgetExceededException ex)
        {
            return ApiProblems.Result(StatusCodes.Status403Forbidden, "Budget exhausted", ex.Message);
        }
        catch (ProviderException ex)
        {
            return ApiProblems.Result(StatusCodes.Status502BadGateway, "Embedding failed", ex.Message);
        }

        var embedMs = clock.ElapsedMilliseconds;
        clock.Restart();
        IReadOnlyList<ScoredPoint> hits;
        try
        {
            hits = await store.QueryAsync(name!, new VectorQuery(embedded.Vectors[0]) { Limit = request.Limit, ScoreThreshold = request.ScoreThreshold }, cancellationToken);
        }
        catch (VectorStoreException ex) when (ex.Kind == VectorStoreErrorKind.Validation)
        {
            return ApiProblems.BadRequest(ex.Message);
        }

        return TypedResults.Ok(new SearchResponse(name!, [.. hits.Select(h => new SearchHit(h.Id.ToString(), h.Score, h.Payload))],
            $"{embedded.Call.IntegrationName} ({embedded.Call.Model})", embedMs, clock.ElapsedMilliseconds));
    }
}
