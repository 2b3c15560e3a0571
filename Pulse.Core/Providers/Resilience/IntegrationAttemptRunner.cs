using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Pulse.Core.Providers.Resilience;

/// <summary>
/// Runs one integration's call with its per-attempt timeout and its retries (exponential
/// back-off with jitter, or the provider's Retry-After when it gives one).
/// </summary>
internal sealed class IntegrationAttemptRunner(
    IOptions<ProviderResilienceOptions> options,
    TimeProvider timeProvider,
    ProviderRateLimiters rateLimiters,
    ILogger<IntegrationAttemptRunner> logger)
{
    public async Task<T> RunAsync<T>(IntegrationSpec spec, Func<CancellationToken, Task<T>> call, StrongBox<int> attempts, CancellationToken cancellationToken)
    {
        using var permit = await rateLimiters.AcquireAsync(spec, cancellationToken).ConfigureAwait(false);
        var pipeline = Build(spec);
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    attempts.Value++;
                    return await call(token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ProviderException(
                ProviderErrorCategory.Timeout,
                $"{ProviderNames.Label(spec.Kind)} integration '{spec.Name}' did not answer within {spec.Performance.Timeout.TotalSeconds:0.##} s"
                + (attempts.Value > 1 ? $" ({attempts.Value} attempts)." : "."),
                ex) { IntegrationId = spec.Id };
        }
    }

    // Built per call: specs change when a tenant edits an integration, and building a
    // two-strategy pipeline costs far less than the HTTP call it wraps.
    private ResiliencePipeline Build(IntegrationSpec spec)
    {
        var settings = options.Value;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        var retries = spec.Performance.EffectiveMaxRetries;
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, settings)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is ProviderException { RetryAfter: { } after } ? (TimeSpan?)after : null),
                OnRetry = args =>
                {
                    var category = args.Outcome.Exception is ProviderException p ? p.Category.ToString() : "Timeout";
                    ProviderLog.RetryScheduled(logger, spec.Id, spec.Name, args.AttemptNumber + 1, (long)args.RetryDelay.TotalMilliseconds, category);
                    return default;
                },
            });
        }

        return builder.AddTimeout(spec.Performance.Timeout).Build();
    }

    private static bool ShouldRetry(Exception? exception, ProviderResilienceOptions settings) => exception switch
    {
        TimeoutRejectedException => true,
        ProviderException { IsTransient: true, RetryAfter: var after } => after is null || after <= settings.MaxRetryAfter,
        _ => false,
    };
}
