using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Pulse.Portal.Infrastructure;

/// <summary>
/// Sign-in throttling per client address, on top of Identity's per-account lockout: password guessing across
/// many accounts from one address is slowed down too. Only sign-in form posts count; a refused post gets 429
/// with Retry-After. The limit binds from <c>Pulse:Security:LoginAttemptsPerMinute</c> (0 turns it off).
/// </summary>
public static class LoginThrottling
{
    /// <summary>The sign-in path the limit applies to.</summary>
    public const string LoginPath = "/account/login";

    /// <summary>Attempts per address per minute unless configured.</summary>
    public const int DefaultAttemptsPerMinute = 20;

    public static IServiceCollection AddPulseLoginThrottling(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Pulse:Security:LoginAttemptsPerMinute", DefaultAttemptsPerMinute);
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = static (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                return new ValueTask(context.HttpContext.Response.WriteAsync(
                    "Too many sign-in attempts from this address. Wait a minute and try again."));
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                perMinute > 0 && HttpMethods.IsPost(http.Request.Method) && http.Request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("unthrottled"));
        });
        return services;
    }

    private static string ClientAddress(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
}
