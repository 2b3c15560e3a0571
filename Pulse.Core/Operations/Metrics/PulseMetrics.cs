using System.Diagnostics;
using System.Diagnostics.Metrics;
using Pulse.Core.Data;
using Pulse.Core.Operations.Health;

namespace Pulse.Core.Operations.Metrics;

/// <summary>
/// The portal's own instruments (meter <c>Pulse</c>, made by the host's <see cref="IMeterFactory"/>): provider calls,
/// vector store operations, database fallback, collection point counts and health statuses. HTTP request counts and
/// latency come from ASP.NET Core's own <c>Microsoft.AspNetCore.Hosting</c> meter.
/// </summary>
public sealed class PulseMetrics
{
    public const string MeterName = "Pulse";

    private readonly Counter<long> _providerCalls;
    private readonly Histogram<double> _providerDuration;
    private readonly Counter<double> _providerCost;
    private readonly Counter<long> _vectorOps;
    private readonly Histogram<double> _vectorDuration;

    public PulseMetrics(IMeterFactory meters, PulseDatabase database, HealthMonitor monitor)
    {
        var meter = meters.Create(MeterName);
        _providerCalls = meter.CreateCounter<long>("pulse.provider.calls", description: "AI provider calls by provider, operation and outcome.");
        _providerDuration = meter.CreateHistogram<double>("pulse.provider.call.duration", "s", "AI provider call latency, retries included.");
        _providerCost = meter.CreateCounter<double>("pulse.provider.cost", description: "AI spend recorded, in the integration's currency.");
        _vectorOps = meter.CreateCounter<long>("pulse.vectorstore.operations", description: "Vector store operations by operation and outcome.");
        _vectorDuration = meter.CreateHistogram<double>("pulse.vectorstore.operation.duration", "s", "Vector store operation latency.");
        meter.CreateObservableGauge("pulse.database.reads_fall_back_to_primary",
            () => database.ReadsFallBackToPrimary ? 1 : 0, description: "1 when a replica is configured but reads use the primary because it is down.");
        meter.CreateObservableGauge("pulse.database.replica_configured",
            () => database.HasReplica ? 1 : 0, description: "1 when a read replica is configured.");
        meter.CreateObservableGauge("pulse.collection.points", () => CollectionPoints(monitor),
            description: "Points per collection at the last health check.");
        meter.CreateObservableGauge("pulse.health.status", () => Statuses(monitor),
            description: "Health row status at the last check: 0 green, 1 grey, 2 yellow, 3 red.");
    }

    /// <summary>Counts one provider call (one usage row).</summary>
    public void ProviderCall(string provider, string operation, bool success, double seconds, double cost, string currency)
    {
        var outcome = success ? "success" : "failed";
        _providerCalls.Add(1, new("provider", provider), new("operation", operation), new("outcome", outcome));
        _providerDuration.Record(seconds, new("provider", provider), new("operation", operation), new("outcome", outcome));
        if (cost > 0) _providerCost.Add(cost, new("provider", provider), new("currency", currency));
    }

    /// <summary>Counts one vector store operation.</summary>
    public void VectorStoreOperation(string operation, bool success, double seconds)
    {
        var outcome = success ? "success" : "failed";
        _vectorOps.Add(1, new("operation", operation), new("outcome", outcome));
        _vectorDuration.Record(seconds, new TagList { { "operation", operation } });
    }

    private static IEnumerable<Measurement<long>> CollectionPoints(HealthMonitor monitor) =>
        (monitor.Latest?.Rows ?? []).Where(r => r.Component == Probes.CollectionHealthSource.ComponentName)
            .Select(r => new Measurement<long>((long)(r.Figures.FirstOrDefault(f => f.Key == "points")?.Value ?? 0), new KeyValuePair<string, object?>("collection", r.Name)));

    private static IEnumerable<Measurement<int>> Statuses(HealthMonitor monitor) =>
        (monitor.Latest?.Rows ?? []).Select(r => new Measurement<int>((int)r.Status,
            new KeyValuePair<string, object?>("component", r.Component), new KeyValuePair<string, object?>("name", r.Name)));

}
