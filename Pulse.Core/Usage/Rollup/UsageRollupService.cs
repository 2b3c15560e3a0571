using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;

namespace Pulse.Core.Usage.Rollup;

/// <summary>Runs <see cref="UsageRollup"/> every <see cref="UsageRollupOptions.Interval"/> once the database is ready.</summary>
public sealed partial class UsageRollupService(
    UsageRollup rollup, PulseDatabase database, Budget.TenantBudgetReader budgets, IOptions<UsageRollupOptions> options, TimeProvider clock,
    ILogger<UsageRollupService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        using var timer = new PeriodicTimer(settings.Interval, clock);
        var nextAlerts = DateTimeOffset.MinValue;
        do
        {
            if (database.Status != DatabaseStatus.Ready) continue;
            try
            {
                var days = await rollup.RunUntilCaughtUpAsync(settings.BatchSize, stoppingToken);
                if (days > 0) LogRolledUp(days);
                if (clock.GetUtcNow() >= nextAlerts)
                {
                    var raised = await new Alerts.UsageAlertService(database, budgets, clock, Tenancy.SystemTenantContext.Platform).EvaluateAllAsync(stoppingToken);
                    if (raised > 0) LogAlerts(raised);
                    nextAlerts = clock.GetUtcNow() + settings.AlertInterval;
                }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or DatabaseUnavailableException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 5000, Level = LogLevel.Debug, Message = "Usage rollup recomputed {Days} tenant-days")]
    private partial void LogRolledUp(int days);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Usage alerts raised: {Alerts}")]
    private partial void LogAlerts(int alerts);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Usage rollup or alert evaluation failed; the next run retries (figures stay exact meanwhile)")]
    private partial void LogFailed(Exception exception);
}
