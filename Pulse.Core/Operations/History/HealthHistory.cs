using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Operations.Health;
using Pulse.Core.Tenancy;

namespace Pulse.Core.Operations.History;

/// <summary>Stores health reports as samples, prunes old ones, and reads a figure's movement over a period.</summary>
public sealed class HealthHistory(PulseDatabase database)
{
    /// <summary>The series key of one figure of one row.</summary>
    public static string SeriesKey(string component, string name, string figure) => $"{component}|{name}|{figure}";

    /// <summary>Stores every row of <paramref name="report"/> with its figures.</summary>
    public async Task RecordAsync(HealthReport report, CancellationToken cancellationToken = default)
    {
        await using var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform);
        db.Set<HealthSample>().AddRange(report.Rows.Select(r => new HealthSample
        {
            SampledAt = report.CheckedAt,
            Component = Truncate(r.Component, 50),
            Name = Truncate(r.Name, 200),
            TenantId = r.TenantId,
            Status = r.Status.ToString().ToLowerInvariant(),
            Reason = r.Reason,
            Figures = JsonSerializer.Serialize(r.Figures.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value)),
        }));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Deletes samples taken before <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform);
        return await db.Set<HealthSample>().Where(s => s.SampledAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Every figure's history since <paramref name="from"/> that <paramref name="viewer"/> may see, by <see cref="SeriesKey"/>,
    /// averaged into at most <paramref name="maxPoints"/> buckets.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<HistoryPoint>>> SeriesAsync(
        ITenantContext viewer, DateTimeOffset from, DateTimeOffset to, int maxPoints = 96, CancellationToken cancellationToken = default)
    {
        await using var db = new PulseDbContext(database.ReadOptions, SystemTenantContext.Platform);
        var query = db.Set<HealthSample>().AsNoTracking().Where(s => s.SampledAt >= from && s.SampledAt <= to);
        if (!viewer.IsPlatformAdmin)
        {
            var tenantId = viewer.TenantId;
            query = query.Where(s => s.TenantId == null || s.TenantId == tenantId);
        }

        var samples = await query.OrderBy(s => s.SampledAt)
            .Select(s => new { s.SampledAt, s.Component, s.Name, s.Figures })
            .ToListAsync(cancellationToken);
        // Buckets span the history there is, so a fresh install graphs its first minutes instead of one 15-minute dot.
        if (samples.Count > 0 && samples[0].SampledAt > from) from = samples[0].SampledAt;
        var bucket = Math.Max(1, (to - from).Ticks / Math.Max(1, maxPoints));
        var series = new Dictionary<string, SortedDictionary<long, (double Sum, int Count)>>();
        foreach (var sample in samples)
        {
            var slot = (sample.SampledAt - from).Ticks / bucket;
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, double>>(sample.Figures) ?? [])
            {
                var seriesKey = SeriesKey(sample.Component, sample.Name, key);
                if (!series.TryGetValue(seriesKey, out var points)) series[seriesKey] = points = [];
                points[slot] = points.TryGetValue(slot, out var p) ? (p.Sum + value, p.Count + 1) : (value, 1);
            }
        }

        return series.ToDictionary(
            s => s.Key,
            s => (IReadOnlyList<HistoryPoint>)[.. s.Value.Select(p => new HistoryPoint(from + TimeSpan.FromTicks((p.Key * bucket) + (bucket / 2)), p.Value.Sum / p.Value.Count))],
            StringComparer.Ordinal);
    }

    /// <summary>Number of stored samples (for the page's "history since" line and for tests).</summary>
    public async Task<(int Count, DateTimeOffset? Oldest)> ExtentAsync(CancellationToken cancellationToken = default)
    {
        await using var db = new PulseDbContext(database.ReadOptions, SystemTenantContext.Platform);
        var set = db.Set<HealthSample>();
        var count = await set.CountAsync(cancellationToken);
        var oldest = count == 0 ? (DateTimeOffset?)null : await set.MinAsync(s => s.SampledAt, cancellationToken);
        return (count, oldest);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];

}
