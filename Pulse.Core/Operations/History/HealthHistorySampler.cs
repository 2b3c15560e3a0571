using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;
using Pulse.Core.Operations.Health;

namespace Pulse.Core.Operations.History;

/// <summary>
/// Probes everything every <see cref="OperationsOptions.SampleInterval"/> once the database is ready, stores the figures,
/// and deletes samples older than <see cref="OperationsOptions.Retention"/>.
/// </summary>
public sealed partial class HealthHistorySampler(
    HealthMonitor monitor, HealthHistory history, PulseDatabase database, IOptions<OperationsOptions> options, TimeProvider time,
    ILogger<HealthHistorySampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SamplerEnabled) return;
        while (database.Status != DatabaseStatus.Ready)
        {
            if (database.Status == DatabaseStatus.Failed) return;
            await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
        }

        using var timer = new PeriodicTimer(options.Value.SampleInterval, time);
        do
        {
            await SampleOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One round: probe, store, prune. Failures are logged; the next round tries again.</summary>
    public async Task SampleOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await monitor.CheckAsync(cancellationToken);
            await history.RecordAsync(report, cancellationToken);
            var pruned = await history.PruneAsync(report.CheckedAt - Retention, cancellationToken);
            LogSampled(report.Rows.Count, pruned);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSampleFailed(ex);
        }
    }

    private TimeSpan Retention => options.Value.Retention < TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : options.Value.Retention;

    [LoggerMessage(EventId = 10010, Level = LogLevel.Debug, Message = "Health sample stored: {Rows} rows, {Pruned} old samples deleted")]
    private partial void LogSampled(int rows, int pruned);

    [LoggerMessage(EventId = 10011, Level = LogLevel.Warning, Message = "Health sampling failed; the next round tries again")]
    private partial void LogSampleFailed(Exception exception);
}
