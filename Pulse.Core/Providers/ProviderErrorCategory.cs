namespace Pulse.Core.Providers;

/// <summary>Why a provider call failed, in categories the chain, breaker and usage charts act on.</summary>
public enum ProviderErrorCategory
{
    /// <summary>No answer within the integration's timeout.</summary>
    Timeout,

    /// <summary>HTTP 429 (or a local request cap): the provider asks us to slow down.</summary>
    RateLimited,

    /// <summary>HTTP 5xx, or TEI's 424 inference failure.</summary>
    ServerError,

    /// <summary>The answer could not be read: not JSON, missing fields, wrong vector count.</summary>
    BadResponse,

    /// <summary>Vectors came back with another length than the integration's configured dimension.</summary>
    WrongDimension,

    /// <summary>HTTP 401/403: the key is wrong, expired or lacks access.</summary>
    Unauthorized,

    /// <summary>The provider could not be reached (DNS, refused connection, TLS, reset).</summary>
    NetworkError,

    /// <summary>Skipped without a call: the integration's circuit breaker is open.</summary>
    CircuitOpen,

    /// <summary>Another HTTP 4xx: the provider refused the request itself (too long, unknown model).</summary>
    BadRequest,

    /// <summary>The integration cannot be called as configured (no base URL, no key, no deployment).</summary>
    Configuration,

    /// <summary>The caller gave up (its cancellation token fired).</summary>
    Cancelled,

    /// <summary>Skipped without a call: the tenant's monthly cap for this provider is spent and set to refuse.</summary>
    BudgetCapped,
}
