namespace Pulse.Core.Providers;

/// <summary>
/// A provider call failed. The message is plain words meant for a page; it never carries the
/// credential. Transport exceptions (HttpRequestException, JsonException, timeouts) are
/// translated into this at Pulse.Core's boundary and kept only as the inner exception.
/// </summary>
public sealed class ProviderException : Exception
{
    /// <summary>Creates a provider failure.</summary>
    public ProviderException(ProviderErrorCategory category, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Category = category;
        CountsAgainstBreaker = category is not (ProviderErrorCategory.Cancelled
            or ProviderErrorCategory.BadRequest or ProviderErrorCategory.CircuitOpen);
    }

    /// <summary>What kind of failure this was.</summary>
    public ProviderErrorCategory Category { get; }

    /// <summary>The HTTP status the provider answered with, when there was one.</summary>
    public int? StatusCode { get; init; }

    /// <summary>How long the provider asked us to wait (Retry-After, retry-after-ms), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The integration that failed, when known.</summary>
    public int? IntegrationId { get; init; }

    /// <summary>For a failed chain: every integration tried and why it failed, in order.</summary>
    public IReadOnlyList<ProviderAttemptFailure> Attempts { get; init; } = [];

    /// <summary>True for failures worth retrying on the same integration.</summary>
    public bool IsTransient => Category is ProviderErrorCategory.Timeout or ProviderErrorCategory.RateLimited
        or ProviderErrorCategory.ServerError or ProviderErrorCategory.NetworkError;

    /// <summary>
    /// True for failures that say the integration is unhealthy and count towards its breaker;
    /// false for the caller's own faults and for our local request cap.
    /// </summary>
    public bool CountsAgainstBreaker { get; init; }
}
