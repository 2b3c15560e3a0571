using Pulse.Core.Data;
using Pulse.Core.VectorStore;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>
/// What a handler did not expect becomes a problem body too, never the portal's HTML error page: a vector store or
/// database that is down is 503 (with Retry-After; the message names the service, no secrets are in it), anything else
/// 500 with a trace id to find the logged exception by, and no internals.
/// </summary>
public sealed partial class ApiExceptionFilter(ILogger<ApiExceptionFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is DatabaseUnavailableException or Npgsql.NpgsqlException { IsTransient: true } or Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException
            or VectorStoreException { IsTransient: true })
        {
            LogUnavailable(http.Request.Path, ex.Message);
            http.Response.Headers.RetryAfter = "30";
            var service = ex is VectorStoreException ? "The vector store" : "The database";
            return ApiProblems.Result(StatusCodes.Status503ServiceUnavailable, "Service unavailable", $"{service} is not answering; try again shortly.");
        }
        catch (Exception ex)
        {
            LogFailed(http.Request.Path, http.TraceIdentifier, ex);
            return ApiProblems.Result(StatusCodes.Status500InternalServerError, "Internal error",
                $"The request failed unexpectedly; it was logged with trace id {http.TraceIdentifier}.");
        }
    }

    [LoggerMessage(EventId = 10100, Level = LogLevel.Warning, Message = "API request {Path} failed: a service is unavailable: {Reason}")]
    private partial void LogUnavailable(string path, string reason);

    [LoggerMessage(EventId = 10101, Level = LogLevel.Error, Message = "API request {Path} failed unexpectedly (trace id {TraceId})")]
    private partial void LogFailed(string path, string traceId, Exception exception);
}
