using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Pulse.Core.Operations.Health;

/// <summary>
/// Runs every registered <see cref="IHealthSource"/> (in parallel, each with a time limit) and keeps the latest
/// report for the metrics endpoint. A probe that throws or times out becomes a red row saying so.
/// </summary>
public sealed partial class HealthMonitor(IServiceScopeFactory scopes, IOptions<OperationsOptions> options, TimeProvider time, ILogger<HealthMonitor> logger)
{
    private volatile HealthReport? _latest;

    /// <summary>The last report taken, or null before the first.</summary>
    public HealthReport? Latest => _latest;

    /// <summary>
    /// The latest report when it is younger than <paramref name="maxAge"/>, otherwise a new one: several pages and
    /// clients watching at once share a fresh report rather than probing once each.
    /// </summary>
    public async Task<HealthReport> CurrentAsync(TimeSpan maxAge, CancellationToken cancellationToken = default) =>
        _latest is { } latest && time.GetUtcNow() - latest.CheckedAt < maxAge ? latest : await CheckAsync(cancellationToken);

    /// <summary>Probes everything now.</summary>
    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken = default)
    {
        using var scope = scopes.CreateScope();
        var sources = scope.ServiceProvider.GetServices<IHealthSource>().ToList();
        var results = await Task.WhenAll(sources.Select(s => ProbeAsync(s, cancellationToken)));
        var report = new HealthReport(time.GetUtcNow(), [.. results.SelectMany(r => r)]);
        _latest = report;
        return report;
    }

    private async Task<IReadOnlyList<HealthRow>> ProbeAsync(IHealthSource source, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(options.Value.ProbeTimeout);
        try
        {
            return await source.ProbeAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return [new HealthRow(source.Component, "Probe", HealthStatus.Red, $"The {source.Component} probe did not answer within {options.Value.ProbeTimeout.TotalSeconds:0} s.", [])];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogProbeFailed(source.Component, ex);
            return [new HealthRow(source.Component, "Probe", HealthStatus.Red, $"The {source.Component} probe failed: {ex.Message}", [])];
        }
    }

    [LoggerMessage(EventId = 10000, Level = LogLevel.Warning, Message = "Health probe {Component} failed")]
    private partial void LogProbeFailed(string component, Exception exception);
}
