using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace Pulse.Core.Providers.Resilience;

/// <summary>
/// Client-side request caps (<see cref="PerformanceConfig.RequestsPerMinute"/>), one limiter
/// per integration and cap, process-wide. A call waits for a permit at most its attempt
/// timeout; past that it fails as RateLimited without counting against the breaker, because
/// the provider itself is fine.
/// </summary>
internal sealed class ProviderRateLimiters : IDisposable
{
    private readonly ConcurrentDictionary<(int Id, int Rpm), RateLimiter> _limiters = new();

    public async Task<IDisposable?> AcquireAsync(IntegrationSpec spec, CancellationToken cancellationToken)
    {
        if (spec.Performance.RequestsPerMinute is not int rpm || rpm <= 0)
        {
            return null;
        }

        var limiter = _limiters.GetOrAdd((spec.Id, rpm), static key => new SlidingWindowRateLimiter(new SlidingWindowRateLimiterOptions
        {
            PermitLimit = key.Rpm,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        }));

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(spec.Performance.Timeout);
        try
        {
            var lease = await limiter.AcquireAsync(1, wait.Token).ConfigureAwait(false);
            if (lease.IsAcquired)
            {
                return lease;
            }

            lease.Dispose();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Waited the whole attempt timeout: report below.
        }

        throw new ProviderException(
            ProviderErrorCategory.RateLimited,
            $"{ProviderNames.Label(spec.Kind)} integration '{spec.Name}' reached its limit of {rpm} requests per minute.")
        {
            IntegrationId = spec.Id,
            CountsAgainstBreaker = false,
        };
    }

    public void Dispose()
    {
        foreach (var limiter in _limiters.Values)
        {
            limiter.Dispose();
        }
    }
}
