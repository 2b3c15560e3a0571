using Microsoft.AspNetCore.Http.HttpResults;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>
/// <c>/api/v1</c>: per-tenant API keys, rate-limited per key, errors as problem details. A key reaches only its own tenant's
/// collections: another tenant's collection answers 404, the same as one that does not exist.
/// </summary>
public static class ApiV1Endpoints
{
    public static RouteGroupBuilder MapApiV1(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(ApiKeyAuthentication.Policy)
            .AddEndpointFilter<ApiRateLimitFilter>()
            .AddEndpointFilter<ApiExceptionFilter>()
            .WithTags("Pulse API v1")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status500InternalServerError)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();

        api.MapGet("/collections", ApiCollectionHandlers.ListAsync).WithName("ListCollections")
            .WithSummary("The tenant's collections with status and counts.");
        api.MapGet("/collections/{name}", ApiCollectionHandlers.GetAsync).WithName("GetCollection")
            .WithSummary("One collection (logical name, e.g. 'docs', or full name 'client_{tenant}_docs').")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapPost("/collections/{name}/validate", ApiCollectionHandlers.ValidateAsync).WithName("ValidateCollection")
            .WithSummary("Validates a collection's live state and, when a schema declared it, the live collection against that declaration.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/schema/version", ApiSchemaHandlers.VersionAsync).WithName("GetSchemaVersion")
            .WithSummary("The newest applied collection schema version of each of the tenant's collections.");
        api.MapGet("/schema/health", ApiSchemaHandlers.HealthAsync).WithName("GetSchemaHealth")
            .WithSummary("The tenant's collections' health with their drift against the declared schema, and declared collections that are missing.");
        api.MapPost("/search", ApiSearchHandlers.SearchAsync).WithName("Search")
            .WithSummary("Embeds the query with the tenant's provider chain and searches a collection.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status502BadGateway);
        api.MapGet("/usage", ApiUsageHandlers.UsageAsync).WithName("GetUsage")
            .WithSummary("AI usage aggregates (calls, failures, tokens, cost) over the last N days (default 30).");
        api.MapGet("/health", ApiHealthHandlers.HealthAsync).WithName("GetHealth")
            .WithSummary("Health rows this tenant may see (its collections and integrations, the shared services).");
        // An address under /api/v1 that no endpoint serves is a problem body too, not the portal's HTML "not found" page.
        api.MapFallback(NoSuchEndpoint).ExcludeFromDescription();
        return api;
    }

    internal static Ok<T> Ok<T>(T value) => TypedResults.Ok(value);

    private static ProblemHttpResult NoSuchEndpoint(HttpRequest request) =>
        ApiProblems.NotFound($"There is no API endpoint {request.Method} {request.Path}; the OpenAPI document at /openapi/v1.json lists them.");
}
