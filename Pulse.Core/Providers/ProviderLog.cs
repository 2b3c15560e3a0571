using Microsoft.Extensions.Logging;

namespace Pulse.Core.Providers;

/// <summary>
/// Provider log messages, event ids 3000-3099. None of them takes a credential: what is logged
/// is the integration's id and name, the failure category and the credential-free message.
/// </summary>
internal static partial class ProviderLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Tenant {TenantId}: AI call refused by budget '{BudgetName}' ({Spent} of {Limit} {Currency})")]
    public static partial void BudgetRefused(ILogger logger, int tenantId, string? budgetName, decimal? spent, decimal? limit, string currency);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Tenant {TenantId}: AI budget '{BudgetName}' passed its warning threshold ({Spent} of {Limit} {Currency})")]
    public static partial void BudgetSoftLimit(ILogger logger, int tenantId, string? budgetName, decimal? spent, decimal? limit, string currency);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Tenant {TenantId}: no {Subtype} integration is configured")]
    public static partial void NoIntegration(ILogger logger, int tenantId, ProviderSubtype subtype);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Debug, Message = "Integration {IntegrationId} '{IntegrationName}' answered in {LatencyMs} ms after {Attempts} attempt(s), {Tokens} tokens")]
    public static partial void IntegrationSucceeded(ILogger logger, int integrationId, string integrationName, long latencyMs, int attempts, int tokens);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Integration {IntegrationId} '{IntegrationName}' failed ({Category}) after {Attempts} attempt(s): {Reason}")]
    public static partial void IntegrationFailed(ILogger logger, int integrationId, string integrationName, ProviderErrorCategory category, int attempts, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Integration {IntegrationId} '{IntegrationName}' skipped: its circuit breaker is open")]
    public static partial void IntegrationSkipped(ILogger logger, int integrationId, string integrationName);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Tenant {TenantId}: fallback integration {IntegrationId} answered for {FirstIntegrationId}")]
    public static partial void FallbackServed(ILogger logger, int tenantId, int integrationId, int firstIntegrationId);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "Tenant {TenantId}: every {Subtype} integration failed: {Reason}")]
    public static partial void ChainExhausted(ILogger logger, int tenantId, ProviderSubtype subtype, string reason);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Integration {IntegrationId} '{IntegrationName}': retry {Attempt} in {DelayMs} ms after {Category}")]
    public static partial void RetryScheduled(ILogger logger, int integrationId, string integrationName, int attempt, long delayMs, string category);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Error, Message = "Could not record AI usage for tenant {TenantId}, integration {IntegrationId}")]
    public static partial void UsageRecordFailed(ILogger logger, Exception exception, int tenantId, int integrationId);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "AI usage: tenant {TenantId}, integration {IntegrationId} ({Provider}, {Model}), {Operation}, {Outcome}, {TotalTokens} tokens, cost {Cost} {Currency}, {LatencyMs} ms")]
    public static partial void UsageLogged(ILogger logger, int tenantId, int integrationId, string provider, string model, string operation, UsageOutcome outcome, int totalTokens, decimal cost, string currency, long latencyMs);

    [LoggerMessage(EventId = 3040, Level = LogLevel.Information, Message = "Connection test of integration {IntegrationId} '{IntegrationName}' failed ({Category}): {Reason}")]
    public static partial void ConnectionTestFailed(ILogger logger, int integrationId, string integrationName, ProviderErrorCategory category, string reason);
}
