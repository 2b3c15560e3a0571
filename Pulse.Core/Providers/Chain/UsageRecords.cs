namespace Pulse.Core.Providers.Chain;

/// <summary>Builds the usage rows of one chain call, so every row of a call agrees on its shared fields.</summary>
internal sealed class UsageRecords(ChainCall call, int firstIntegrationId, Guid callId)
{
    public int FirstIntegrationId { get; } = firstIntegrationId;

    public Guid CallId { get; } = callId;

    public UsageRecord Success(IntegrationSpec spec, int position, TokenUsage usage, decimal cost, long latencyMs, int attempts, DateTimeOffset startedAt, int cachedInputs = 0) =>
        Base(spec, position, latencyMs, attempts, startedAt) with
        {
            Outcome = UsageOutcome.Success,
            CachedInputs = cachedInputs,
            InputTokens = usage.InputTokens,
            OutputTokens = usage.OutputTokens,
            TotalTokens = usage.TotalTokens,
            TokensEstimated = usage.Estimated,
            Cost = cost,
        };

    public UsageRecord Failure(IntegrationSpec spec, int position, ProviderException error, long latencyMs, int attempts, DateTimeOffset startedAt) =>
        Base(spec, position, latencyMs, attempts, startedAt) with
        {
            Outcome = UsageOutcome.Failed,
            ErrorCategory = error.Category,
            ErrorMessage = error.Message,
        };

    private UsageRecord Base(IntegrationSpec spec, int position, long latencyMs, int attempts, DateTimeOffset startedAt) => new()
    {
        TenantId = call.TenantId,
        IntegrationId = spec.Id,
        IntegrationName = spec.Name,
        Provider = spec.Kind,
        Operation = call.Operation,
        Model = spec.UsageModelName,
        InputCount = call.InputCount,
        Currency = spec.Cost.Currency,
        Cost = 0m,
        LatencyMs = latencyMs,
        Attempts = attempts,
        Outcome = UsageOutcome.Failed,
        FallbackUsed = position > 0,
        FirstIntegrationId = FirstIntegrationId,
        ChainPosition = position,
        CallId = CallId,
        StartedAt = startedAt,
    };
}
