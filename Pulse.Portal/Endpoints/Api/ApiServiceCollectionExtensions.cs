using Microsoft.AspNetCore.Authentication;
using Microsoft.OpenApi;
using Pulse.Portal.Infrastructure;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>The portal side of the operations module: the API key scheme and policy, the rate limit, the OpenAPI document.</summary>
public static class ApiServiceCollectionExtensions
{
    public static IServiceCollection AddPulseOperationsPortal(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthentication.Policy, p => p
            .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireClaim(PortalClaims.TenantId));
        services.AddSingleton<ApiKeyRateLimiter>();
        services.AddProblemDetails();
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Pulse AI Admin API",
                    Version = "v1",
                    Description = "Per-tenant API: collections with status and counts, validation, schema health, search, usage and health. " +
                        "Authenticate with a tenant API key (created by a tenant owner on the API keys page) as 'Authorization: Bearer pulse_…'. " +
                        "Errors are RFC 7807 problem details; each key may make a limited number of requests a minute (429 with Retry-After past it).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "A tenant API key: pulse_{prefix}_{secret}.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [] });
                return Task.CompletedTask;
            });
        });
        return services;
    }
}
