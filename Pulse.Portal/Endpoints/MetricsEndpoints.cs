using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Pulse.Core.Operations;
using Pulse.Core.Operations.Metrics;
using Pulse.Portal.Endpoints.Api;

namespace Pulse.Portal.Endpoints;

/// <summary>
/// <c>/metrics</c> in Prometheus text format. With <c>Pulse:Operations:MetricsScrapeToken</c> set, a scraper sends it as a
/// bearer token; without one, only loopback clients are answered (collection names and spend are not for the internet).
/// </summary>
public static class MetricsEndpoints
{
    public static void MapMetricsEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGet("/metrics", (HttpContext context, PrometheusExporter exporter, IOptions<OperationsOptions> options) =>
        {
            var token = options.Value.MetricsScrapeToken;
            if (!string.IsNullOrEmpty(token))
            {
                var presented = context.Request.Headers.Authorization.ToString();
                var expected = "Bearer " + token;
                if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(expected)))
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer realm=\"pulse-metrics\"";
                    return ApiProblems.Result(StatusCodes.Status401Unauthorized, "Scrape token required", "Send the configured scrape token as 'Authorization: Bearer …'.");
                }
            }
            else if (context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
            {
                return ApiProblems.Result(StatusCodes.Status403Forbidden, "Metrics are local only",
                    "Set Pulse:Operations:MetricsScrapeToken to let a remote Prometheus scrape /metrics.");
            }

            return Results.Text(exporter.Scrape(), PrometheusExporter.ContentType);
        }).AllowAnonymous().ExcludeFromDescription();
}
