using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;

namespace Pulse.Core.Indexing;

/// <summary>
/// The background runner: picks queued jobs, and running jobs whose runner is gone (their advisory lock is free, as after
/// a crash or a restart), and runs them one at a time. Off when <c>Pulse:Indexing:Enabled</c> is false.
/// </summary>
public sealed partial class IndexingRunner(
    PulseDatabase database,
    IndexingJobExecutor executor,
    IndexingSignal signal,
    IOptions<IndexingOptions> options,
    ILogger<IndexingRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var worked = false;
            try
            {
                if (database.Status == DatabaseStatus.Ready)
                    foreach (var jobId in await PendingJobsAsync(stoppingToken).ConfigureAwait(false))
                        worked |= await executor.TryRunAsync(jobId, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPollFailed(ex);
            }
            if (!worked)
            {
                try { await signal.WaitAsync(options.Value.PollInterval, stoppingToken).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task<IReadOnlyList<long>> PendingJobsAsync(CancellationToken cancellationToken)
    {
        await using var command = database.Primary.CreateCommand("SELECT id FROM indexing_jobs WHERE state IN ('queued', 'running') ORDER BY id LIMIT 20");
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    [LoggerMessage(EventId = 8110, Level = LogLevel.Information, Message = "The indexing runner is disabled (Pulse:Indexing:Enabled is false)")]
    private partial void LogDisabled();

    [LoggerMessage(EventId = 8111, Level = LogLevel.Warning, Message = "The indexing runner could not look for jobs; it tries again at the next poll")]
    private partial void LogPollFailed(Exception exception);
}
