using Pulse.Core.Collections;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Portal.Infrastructure;

namespace Pulse.Portal.Endpoints;

/// <summary>Snapshot downloads: streamed, for callers who may manage the collection (tenant and role checked in Pulse.Core).</summary>
public static class CollectionEndpoints
{
    public static void MapCollectionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/collections/{name}/snapshots/{snapshot}/download", DownloadAsync)
            .RequireAuthorization(PagePolicies.Collections);
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
