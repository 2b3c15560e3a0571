namespace Pulse.Core.Usage;

/// <summary>
/// The answer to a <see cref="UsageQuery"/>: facts at the query's granularity, from which every total, series and
/// breakdown is summed the same way, so the figures of one page always add up.
/// </summary>
public sealed class UsageReport(UsageQuery query, int? tenantId, IReadOnlyList<UsageFact> facts)
{
    /// <summary>The question asked.</summary>
    public UsageQuery Query { get; } = query;

    /// <summary>The tenant the figures belong to; null when they cover every tenant (platform admin).</summary>
    public int? TenantId { get; } = tenantId;

    /// <summary>The facts, one per period and tenant/integration/provider/model/operation.</summary>
    public IReadOnlyList<UsageFact> Facts { get; } = facts;

    /// <summary>The figures of the whole range.</summary>
    public UsageFigures Totals { get; } = Sum(facts);

    /// <summary>Every period start of the range, empty ones included, so charts have no gaps.</summary>
    public IReadOnlyList<DateOnly> Periods
    {
        get
        {
            var periods = new List<DateOnly>();
            for (var p = UsageSql.PeriodStart(Query.FromDay, Query.Granularity); p < Query.ToDay; p = Next(p)) periods.Add(p);
            return periods;
        }
    }

    /// <summary>Figures per period (all keys together).</summary>
    public IReadOnlyList<UsageSlice> ByPeriod() =>
        Periods.Select(p => new UsageSlice(p, "", "", Sum(Facts.Where(f => f.Period == p)))).ToList();

    /// <summary>Figures per key of <paramref name="dimension"/> over the range, most expensive first (then most requests).</summary>
    public IReadOnlyList<UsageSlice> Breakdown(UsageDimension dimension) =>
        Facts.GroupBy(f => f.Along(dimension))
            .Select(g => new UsageSlice(null, g.Key.Key, g.Key.Label, Sum(g)))
            .OrderByDescending(s => s.Figures.Cost).ThenByDescending(s => s.Figures.Requests).ThenBy(s => s.Label, StringComparer.Ordinal)
            .ToList();

    /// <summary>Figures per period and key of <paramref name="dimension"/> (only non-empty combinations).</summary>
    public IReadOnlyList<UsageSlice> Series(UsageDimension dimension) =>
        Facts.GroupBy(f => (f.Period, f.Along(dimension)))
            .Select(g => new UsageSlice(g.Key.Period, g.Key.Item2.Key, g.Key.Item2.Label, Sum(g)))
            .OrderBy(s => s.Period).ThenBy(s => s.Label, StringComparer.Ordinal)
            .ToList();

    private DateOnly Next(DateOnly period) => Query.Granularity switch
    {
        UsageGranularity.Day => period.AddDays(1),
        UsageGranularity.Week => period.AddDays(7),
        _ => period.AddMonths(1),
    };

    private static UsageFigures Sum(IEnumerable<UsageFact> facts)
    {
        var figures = new UsageFigures();
        foreach (var fact in facts) figures.Add(fact.Figures);
        return figures;
    }
}
