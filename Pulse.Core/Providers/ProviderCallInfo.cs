namespace Pulse.Core.Providers;

/// <summary>How a chain call was served: by which integration, at what cost and speed.</summary>
/// <param name="IntegrationId">The integration that answered.</param>
/// <param name="IntegrationName">Its name.</param>
/// <param name="Provider">Its kind.</param>
/// <param name="Model">The model billed.</param>
/// <param name="Usage">Tokens (flagged when estimated).</param>
/// <param name="Cost">From its prices; zero when free.</param>
/// <param name="Currency">Currency of the cost.</param>
/// <param name="LatencyMs">Time spent on the answering integration, retries included.</param>
/// <param name="TotalLatencyMs">Time of the whole call, failed integrations included.</param>
/// <param name="Attempts">HTTP attempts on the answering integration.</param>
/// <param name="FallbackUsed">True when the primary did not answer.</param>
/// <param name="FirstIntegrationId">The primary, asked first.</param>
/// <param name="CallId">Shared with the call's usage rows.</param>
public sealed record ProviderCallInfo(
    int IntegrationId,
    string IntegrationName,
    ProviderKind Provider,
    string Model,
    TokenUsage Usage,
    decimal Cost,
    string Currency,
    long LatencyMs,
    long TotalLatencyMs,
    int Attempts,
    bool FallbackUsed,
    int FirstIntegrationId,
    Guid CallId)
{
    /// <summary>Inputs answered from the tenant's embedding cache (no provider request, no tokens, no cost).</summary>
    public int CachedInputs { get; init; }
}
