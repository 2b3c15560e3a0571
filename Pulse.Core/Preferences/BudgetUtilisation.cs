using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Pulse.Core.Operations.Metrics;

namespace Pulse.Core.Preferences;

/// <summary>
/// Budget utilisation per tenant on the <c>Pulse</c> meter: the gauge <c>pulse.budget.utilisation_ratio</c> is
/// month-to-date spend over the monthly budget (1 = the budget is spent) as of the tenant's last budget evaluation
/// (every guarded AI call, the dashboard banner, the preferences page). Tenants without a budget have no series.
/// </summary>
public sealed class BudgetUtilisation
{
    private readonly ConcurrentDictionary<int, (string Period, double Ratio)> _latest = new();

    public BudgetUtilisation(IMeterFactory meters)
    {
        var meter = meters.Create(PulseMetrics.MeterName);
        meter.CreateObservableGauge("pulse.budget.utilisation_ratio", Observe,
            description: "Month-to-date AI spend over the monthly budget per tenant, at the last evaluation.");
    }

    /// <summary>Keeps a tenant's latest status; a status without a budget removes the tenant's series.</summary>
    public void Record(int tenantId, BudgetStatus status)
    {
        if (status.Budget <= 0) _latest.TryRemove(tenantId, out _);
        else _latest[tenantId] = (status.PeriodKey, (double)(status.Spent / status.Budget));
    }

    /// <summary>The latest ratio of a tenant, or null.</summary>
    public double? RatioOf(int tenantId) => _latest.TryGetValue(tenantId, out var value) ? value.Ratio : null;

    private IEnumerable<Measurement<double>> Observe() =>
        _latest.Select(e => new Measurement<double>(e.Value.Ratio,
            new KeyValuePair<string, object?>("tenant", e.Key.ToString(CultureInfo.InvariantCulture))));
}
