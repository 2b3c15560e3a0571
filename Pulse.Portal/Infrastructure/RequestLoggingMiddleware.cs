using System.Diagnostics;

namespace Pulse.Portal.Infrastructure;

/// <summary>One log line per HTTP request (method, path, status, time); static files and the circuit's socket are skipped.</summary>
public sealed partial class RequestLoggingMiddleware(RequestDelegate next, ILogger<RequestLoggingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith("/_", StringComparison.Ordinal) || Path.HasExtension(path))
        {
            await next(context);
            return;
        }
        var watch = Stopwatch.StartNew();
        try
        {
            await next(context);
        }
        finally
        {
            LogRequest(context.Request.Method, path, context.Response.StatusCode, watch.Elapsed.TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "HTTP {Method} {Path} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private partial void LogRequest(string method, string path, int statusCode, double elapsedMs);
}
