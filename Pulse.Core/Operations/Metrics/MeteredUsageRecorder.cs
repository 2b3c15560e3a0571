using Pulse.Core.Providers;

namespace Pulse.Core.Operations.Metrics;

/// <summary>Counts every usage row as a provider call in the metrics, then hands it to the real recorder.</summary>
public sealed class MeteredUsageRecorder(IUsageRecorder inner, PulseMetrics metrics) : IUsageRecorder
{
    public Task RecordAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        metrics.ProviderCall(ProviderNames.Provider(record.Provider), ProviderNames.Operation(record.Operation),
            record.Outcome == UsageOutcome.Success, record.LatencyMs / 1000.0, (double)record.Cost, record.Currency);
        return inner.RecordAsync(record, cancellationToken);
    }
}
