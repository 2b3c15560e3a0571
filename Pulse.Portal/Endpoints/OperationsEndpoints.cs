using Pulse.Portal.Endpoints.Api;

namespace Pulse.Portal.Endpoints;

/// <summary>The operations module's endpoints: the HTTP API, its OpenAPI document, and /metrics.</summary>
public static class OperationsEndpoints
{
    /// <summary>Where the OpenAPI document is served.</summary>
    public const string OpenApiPath = "/openapi/v1.json";

    public static IEndpointRouteBuilder MapPulseOperations(this IEndpointRouteBuilder app)
    {
        app.MapApiV1();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapMetricsEndpoint();
        return app;
    }
}
