using Microsoft.Extensions.Hosting;

namespace Pulse.Core.Operations.Metrics;

/// <summary>
/// Creates the exporter when the host starts, so its listener counts from the first request rather than from the first
/// scrape (ASP.NET Core records a request's duration only when a listener was there as it began).
/// </summary>
public sealed class MetricsListenerStartup(PrometheusExporter exporter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
