using System.Globalization;
using System.Threading.RateLimiting;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>
/// Past a key's requests per minute: 429 with Retry-After and a problem body. Runs after authentication, so the partition
/// is the key, not the address. (Endpoint filters are made per request; the limiter itself is a singleton.)
/// </summary>
public sealed class ApiRateLimitFilter(ApiKeyRateLimiter limiter) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var key = context.HttpContext.User.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value ?? "anonymous";
        using var lease = limiter.Limiter.AttemptAcquire(key);
        if (lease.IsAcquired) return await next(context);
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiProblems.Result(StatusCodes.Status429TooManyRequests, "Too many requests",
            $"This API key may make {limiter.PermitsPerMinute} requests a minute; try again in {seconds} s.");
    }
}
