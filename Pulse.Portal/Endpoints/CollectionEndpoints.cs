using System.Security.Claims;
using Pulse.Core.Collections;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Portal.Infrastructure;

namespace Pulse.Portal.Endpoints;

/// <summary>Snapshot downloads and exports: streamed, for callers who may manage the collection (tenant and role checked in Pulse.Core).</summary>
public static class CollectionEndpoints
{
    public static void MapCollectionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/collections/{name}/snapshots/{snapshot}/download", DownloadAsync)
            .RequireAuthorization(PagePolicies.Collections);
        app.MapGet("/collections/{name}/export", ExportAsync)
            .RequireAuthorization(PagePolicies.Collections);
    }

    /// <summary>
    /// Streams the collection (or the points matching <c>filter</c>, Qdrant filter JSON) as JSON Lines or CSV. With a
    /// <c>progress</c> token the page that started the download can follow it through <see cref="ExportProgressTracker"/>.
    /// </summary>
    private static async Task ExportAsync(HttpContext http, string name, string? format, string? filter, string? progress,
        CollectionExporter exporter, ExportProgressTracker tracker, CancellationToken cancellationToken)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        Pulse.Core.VectorStore.Filters.Filter? parsed = null;
        if (!string.IsNullOrWhiteSpace(filter) && !Pulse.Core.VectorStore.Filters.FilterJson.TryParse(filter, out parsed, out var error))
        {
            await Results.Problem(error, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }

        var started = false;
        try
        {
            // Checked before the first byte: once streaming starts the status can no longer change.
            await exporter.EnsureCanExportAsync(name, cancellationToken);
            http.Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}.{(csv ? "csv" : "jsonl")}\"";
            var user = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            var tracked = user is not null && ExportProgressTracker.IsToken(progress)
                ? tracker.Start(user, progress!, name, csv ? "csv" : "jsonl", await exporter.CountAsync(name, parsed, cancellationToken))
                : null;
            started = true;
            try
            {
                await exporter.ExportAsync(name, parsed, csv ? ExportFormat.Csv : ExportFormat.JsonLines, http.Response.Body, false, tracked, cancellationToken);
                tracked?.Finish();
            }
            catch (Exception ex)
            {
                tracked?.Fail(ex is OperationCanceledException ? "the download was cancelled." : ex.Message);
                throw;
            }
        }
        catch (Exception ex) when (!started && ex is VectorStoreAccessDeniedException or TenantAccessDeniedException)
        {
            await Results.Problem(ex.Message, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(http);
        }
        catch (VectorStoreException ex) when (!started && ex.Kind is VectorStoreErrorKind.NotFound or VectorStoreErrorKind.Validation)
        {
            await Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound).ExecuteAsync(http);
        }
    }

    private static async Task<IResult> DownloadAsync(string name, string snapshot, CollectionAdministration administration, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await administration.OpenSnapshotAsync(name, snapshot, cancellationToken);
            return Results.Stream(stream, "application/octet-stream", snapshot, enableRangeProcessing: false);
        }
        catch (Exception ex) when (ex is VectorStoreAccessDeniedException or TenantAccessDeniedException)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status403Forbidden);
        }
        catch (VectorStoreException ex) when (ex.Kind is VectorStoreErrorKind.NotFound or VectorStoreErrorKind.Validation)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
        }
    }
}
