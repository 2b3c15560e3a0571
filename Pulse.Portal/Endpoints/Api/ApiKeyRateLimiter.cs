using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Pulse.Core.Operations;

namespace Pulse.Portal.Endpoints.Api;

/// <summary>One fixed window of <see cref="OperationsOptions.ApiRequestsPerMinute"/> requests per API key, for the whole process.</summary>
public sealed class ApiKeyRateLimiter : IDisposable
{
    public ApiKeyRateLimiter(IOptions<OperationsOptions> options)
    {
        PermitsPerMinute = Math.Max(1, options.Value.ApiRequestsPerMinute);
        Limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = PermitsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0, AutoReplenishment = true }));
    }

    public int PermitsPerMinute { get; }

    public PartitionedRateLimiter<string> Limiter { get; }

    public void Dispose() => Limiter.Dispose();
}
