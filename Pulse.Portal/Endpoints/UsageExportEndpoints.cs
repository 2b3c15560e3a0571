using System.Globalization;
using System.Text;
using Pulse.Core;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Export;
using Pulse.Portal.Infrastructure;

namespace Pulse.Portal.Endpoints;

/// <summary>
/// CSV downloads of the usage page: the aggregated view and the raw rows, streamed to the response. Only the
/// usage page's roles; the tenant comes from the sign-in (a <c>tenant</c> parameter only narrows a platform admin's view).
/// </summary>
public static class UsageExportEndpoints
{
    public static void MapUsageExportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/usage/export").RequireAuthorization(PagePolicies.Usage);
        group.MapGet("/aggregated.csv", (HttpContext http, UsageCsvExporter exporter) =>
            StreamAsync(http, "usage-figures", (query, writer, ct) =>
                exporter.WriteAggregatedAsync(query, ParseDimension(http.Request.Query["breakdown"]), writer, ct)));
        group.MapGet("/raw.csv", (HttpContext http, UsageCsvExporter exporter) =>
            StreamAsync(http, "usage-rows", (query, writer, ct) => exporter.WriteRawAsync(query, writer, ct)));
    }

    private static async Task<IResult> StreamAsync(HttpContext http, string name, Func<UsageQuery, TextWriter, CancellationToken, Task> write)
    {
        if (!TryParseQuery(http.Request.Query, out var query, out var problem)) return Results.BadRequest(problem);
        var aggregates = http.RequestServices.GetRequiredService<IUsageAggregates>();
        try
        {
            // Checked before the first byte: once streaming starts the status code can no longer change.
            aggregates.ResolveTenant(query.TenantId);
        }
        catch (TenantAccessDeniedException)
        {
            return Results.Problem("Access denied: usage of another tenant.", statusCode: StatusCodes.Status403Forbidden);
        }
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}-{query.FromDay:yyyy-MM-dd}-to-{query.ToDay.AddDays(-1):yyyy-MM-dd}.csv\"";
        http.Response.Headers.CacheControl = "no-store";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(false), bufferSize: 64 * 1024) { NewLine = "\r\n" };
        try
        {
            await write(query, writer, http.RequestAborted);
        }
        catch (Exception ex) when (ex is DatabaseUnavailableException or ValidationFailedException && !http.Response.HasStarted)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        return Results.Empty;
    }

    private static bool TryParseQuery(IQueryCollection q, out UsageQuery query, out string? problem)
    {
        query = null!;
        problem = null;
        if (!TryDay(q["from"], out var from) || !TryDay(q["to"], out var to))
        {
            problem = "Give 'from' and 'to' as dates (yyyy-MM-dd); 'to' is inclusive.";
            return false;
        }
        if (to < from)
        {
            problem = "'to' must be on or after 'from'.";
            return false;
        }
        var granularity = Enum.TryParse<UsageGranularity>(q["granularity"], ignoreCase: true, out var g) ? g : UsageGranularity.Day;
        int? tenant = int.TryParse(q["tenant"], NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : null;
        query = new UsageQuery(from, to.AddDays(1), granularity, tenant);
        return true;
    }

    private static bool TryDay(string? value, out DateOnly day) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);

    private static UsageDimension ParseDimension(string? value) =>
        Enum.TryParse<UsageDimension>(value, ignoreCase: true, out var d) ? d : UsageDimension.Provider;
}
