using Microsoft.Extensions.Logging;

namespace Pulse.Core.Providers.Chain;

/// <summary>The default until a database-backed recorder replaces it: usage goes to the log.</summary>
internal sealed class LoggingUsageRecorder(ILogger<LoggingUsageRecorder> logger) : IUsageRecorder
{
    public Task RecordAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        ProviderLog.UsageLogged(logger, record.TenantId, record.IntegrationId, ProviderNames.Provider(record.Provider), record.Model,
            ProviderNames.Operation(record.Operation), record.Outcome, record.TotalTokens, record.Cost, record.Currency, record.LatencyMs);
        return Task.CompletedTask;
    }
}
