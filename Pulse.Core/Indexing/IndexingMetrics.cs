using System.Diagnostics.Metrics;
using System.Globalization;
using Pulse.Core.Operations.Metrics;

namespace Pulse.Core.Indexing;

/// <summary>
/// Indexing rates on the <c>Pulse</c> meter: <c>pulse.indexing.rows</c> counts source rows as their batch is committed,
/// by tenant (id), source table and outcome (<c>indexed</c>, <c>unchanged</c>, <c>parked</c>). Exposed on /metrics as
/// <c>pulse_indexing_rows_total</c>; a rate over it is rows per second per tenant and source.
/// </summary>
public sealed class IndexingMetrics
{
    private readonly Counter<long> _rows;

    public IndexingMetrics(IMeterFactory meters)
    {
        // The factory hands back the one "Pulse" meter of this host, the one PulseMetrics uses.
        var meter = meters.Create(PulseMetrics.MeterName);
        _rows = meter.CreateCounter<long>("pulse.indexing.rows", description: "Source rows settled by indexing jobs, by tenant, source and outcome.");
    }

    /// <summary>Counts the rows of one committed batch.</summary>
    public void RowsSettled(int tenantId, string source, int indexed, int unchanged, int parked)
    {
        var tenant = tenantId.ToString(CultureInfo.InvariantCulture);
        if (indexed > 0) _rows.Add(indexed, new("tenant", tenant), new("source", source), new("outcome", "indexed"));
        if (unchanged > 0) _rows.Add(unchanged, new("tenant", tenant), new("source", source), new("outcome", "unchanged"));
        if (parked > 0) _rows.Add(parked, new("tenant", tenant), new("source", source), new("outcome", "parked"));
    }
}
