using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Pulse.Core.Operations;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>
/// A fixed window of <see cref="OperationsOptions.ApiRequestsPerMinute"/> requests per API key; past it, 429 with
/// Retry-After and a problem body. Runs after authentication, so the partition is the key, not the address.
/// </summary>
public sealed class ApiRateLimitFilter : IEndpointFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _permits;

    public ApiRateLimitFilter(IOptions<OperationsOptions> options)
    {
        var permits = _permits = Math.Max(1, options.Value.ApiRequestsPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true }));
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = context.HttpContext.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value ?? "anonymous";
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return await next(context);
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblems.Result(StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This API key may make {_permits} requests a minute; try again in {Math.Ceiling(retry.TotalSeconds):0} s.");
    }

    public void Dispose() => _limiter.Dispose();
}
