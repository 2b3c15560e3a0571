using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Portal.Tests.Infrastructure;

namespace Pulse.Portal.Tests.Security;

/// <summary>
/// Every HTTP endpoint the portal maps besides its pages and static files, read from the running portal's endpoint
/// table: each must be declared here with who may call it, and an anonymous caller must get no data from any endpoint
/// that is not declared anonymous. A new endpoint fails this test until it is declared (and so thought about).
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class EndpointInventoryTests(PortalServerFixture portal)
{
    private enum Access
    {
        Anonymous,
        SignedIn,
        ApiKey,
    }

    /// <summary>"METHOD pattern" -> who may call it.</summary>
    private static readonly Dictionary<string, Access> Declared = new()
    {
        ["GET /{**path:file}"] = Access.Anonymous, // static web assets served from the build output (development and tests)
        ["HEAD /{**path:file}"] = Access.Anonymous,
        ["GET /healthz"] = Access.Anonymous,
        ["GET /readyz"] = Access.Anonymous,
        ["POST /account/logout"] = Access.SignedIn,
        ["POST /account/select-tenant"] = Access.SignedIn,
        ["GET /metrics"] = Access.Anonymous, // loopback only, or a scrape token when configured (MetricsEndpoints)
        ["GET /openapi/{documentName}.json"] = Access.Anonymous, // the API's description, no data
        ["GET /collections/{name}/snapshots/{snapshot}/download"] = Access.SignedIn,
        ["GET /collections/{name}/export"] = Access.SignedIn,
        ["GET /usage/export/aggregated.csv"] = Access.SignedIn,
        ["GET /usage/export/raw.csv"] = Access.SignedIn,
        ["GET /api/v1/collections"] = Access.ApiKey,
        ["GET /api/v1/collections/{name}"] = Access.ApiKey,
        ["POST /api/v1/collections/{name}/validate"] = Access.ApiKey,
        ["GET /api/v1/schema/version"] = Access.ApiKey,
        ["GET /api/v1/schema/health"] = Access.ApiKey,
        ["POST /api/v1/search"] = Access.ApiKey,
        ["GET /api/v1/usage"] = Access.ApiKey,
        ["GET /api/v1/health"] = Access.ApiKey,
        ["GET /api/v1/{*path:nonfile}"] = Access.ApiKey,
    };

    [Fact]
    public void Every_mapped_endpoint_is_declared_with_who_may_call_it()
    {
        var mapped = MappedEndpoints().Select(e => e.Key).Order().ToList();

        var undeclared = mapped.Except(Declared.Keys).ToList();
        var gone = Declared.Keys.Except(mapped).ToList();
        Assert.True(undeclared.Count == 0, "Declare these endpoints in EndpointInventoryTests.Declared: " + string.Join(", ", undeclared));
        Assert.True(gone.Count == 0, "These declared endpoints are no longer mapped: " + string.Join(", ", gone));
    }

    [Fact]
    public async Task An_anonymous_caller_gets_nothing_from_any_endpoint_that_is_not_anonymous()
    {
        using var client = portal.CreateClient();
        foreach (var (key, pattern) in MappedEndpoints().Where(e => Declared.GetValueOrDefault(e.Key) != Access.Anonymous))
        {
            var method = key.Split(' ')[0];
            var path = System.Text.RegularExpressions.Regex.Replace(pattern, "\\{[^}]+\\}", "1");
            using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
            if (method != "GET") request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["tenantId"] = "1" });
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var toLogin = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/login", StringComparison.Ordinal);
            Assert.True(toLogin || status is 400 or 401 or 403 or 404 or 405, $"anonymous {key} answered {status}");
        }
    }

    private List<(string Key, string Pattern)> MappedEndpoints() =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null && e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .Select(e => (Endpoint: e, Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
            .Where(e => !e.Pattern.StartsWith("/_blazor", StringComparison.Ordinal) && !e.Pattern.StartsWith("/_framework", StringComparison.Ordinal))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => ($"{m} {e.Pattern}", e.Pattern)))
            .Distinct()
            .ToList();
}
