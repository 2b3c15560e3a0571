using System.Globalization;

namespace Pulse.Core.Usage;

/// <summary>
/// The SQL of the rollup and of the aggregates. One SELECT (<see cref="RawDaysSelect"/>) turns raw rows into
/// rollup rows; the rollup job stores its result, and the aggregates run the very same SELECT over days the job
/// has not absorbed yet, so a figure never depends on whether the job has run.
/// </summary>
public static class UsageSql
{
    /// <summary>The figure columns of a rollup row, in order (after the six key columns).</summary>
    public static readonly string[] FigureColumns =
    [
        "requests", "succeeded", "failed", "fallback_served", "input_tokens", "output_tokens", "total_tokens", "cost", "latency_ms_sum",
        .. Enumerable.Range(0, LatencyHistogram.Buckets).Select(LatencyHistogram.Column),
    ];

    /// <summary>The key columns of a rollup row.</summary>
    public const string KeyColumns = "tenant_id, day, integration_id, provider, model_name, operation";

    private static readonly string Bounds = "'{" + string.Join(",", LatencyHistogram.UpperBoundsMs.Select(b => b.ToString(CultureInfo.InvariantCulture))) + "}'::int[]";

    /// <summary>
    /// Rollup rows of the raw usage of the (tenant_id, day) pairs in <paramref name="days"/> (a table expression
    /// aliased k). Days are UTC calendar days.
    /// </summary>
    public static string RawDaysSelect(string days) => $"""
        SELECT r.tenant_id, r.day, r.integration_id, r.provider, r.model_name, r.operation,
               count(*) AS requests,
               count(*) FILTER (WHERE r.success) AS succeeded,
               count(*) FILTER (WHERE NOT r.success) AS failed,
               count(*) FILTER (WHERE r.success AND r.fallback_used) AS fallback_served,
               sum(r.input_tokens)::bigint AS input_tokens,
               sum(r.output_tokens)::bigint AS output_tokens,
               sum(r.total_tokens)::bigint AS total_tokens,
               sum(r.cost) AS cost,
               sum(r.latency_ms)::bigint AS latency_ms_sum,
               {string.Join(",\n       ", Enumerable.Range(0, LatencyHistogram.Buckets).Select(b =>
                   $"count(*) FILTER (WHERE r.bucket = {b}) AS {LatencyHistogram.Column(b)}"))}
        FROM (
            SELECT u.tenant_id, k.day, u.integration_id, u.provider, COALESCE(u.model_name, '') AS model_name, u.operation,
                   u.success, u.fallback_used, u.input_tokens, u.output_tokens, u.total_tokens, u.cost, u.latency_ms,
                   width_bucket(u.latency_ms, {Bounds}) AS bucket
            FROM {days}
            -- LATERAL: one index range scan per (tenant, day); a hash join would scan every raw row.
            CROSS JOIN LATERAL (
                SELECT * FROM ai_usage_tracking x
                WHERE x.tenant_id = k.tenant_id
                  AND x.created_at >= (k.day::timestamp AT TIME ZONE 'UTC')
                  AND x.created_at < ((k.day + 1)::timestamp AT TIME ZONE 'UTC')
            ) u
        ) r
        GROUP BY r.tenant_id, r.day, r.integration_id, r.provider, r.model_name, r.operation
        """;

    /// <summary>Replaces the rollup of the days in the arrays @tenants and @days.</summary>
    public static readonly string Recompute = $"""
        DELETE FROM ai_usage_daily d USING unnest(@tenants, @days) AS k(tenant_id, day)
        WHERE d.tenant_id = k.tenant_id AND d.day = k.day;
        INSERT INTO ai_usage_daily ({KeyColumns}, {string.Join(", ", FigureColumns)})
        {RawDaysSelect("unnest(@tenants, @days) AS k(tenant_id, day)")};
        """;

    /// <summary>
    /// Settings for the statements that read facts, local to their transaction. The planner cannot estimate the raw
    /// rows of a pending day (the bounds come from the day, so it assumes thousands per day); with that estimate a
    /// query's cost passes <c>jit_above_cost</c> and JIT compilation takes 15-70 ms of a statement that runs in
    /// a few milliseconds.
    /// </summary>
    public static readonly string[] FactSettings = ["SET LOCAL jit = off"];

    /// <summary>
    /// Settings for <see cref="PendingFacts"/>, after <see cref="SettledFacts"/> in the same transaction. With the
    /// same wrong estimate the planner prefers to hash-join the pending days against a (parallel) scan of every raw
    /// row, hundreds of milliseconds at a million rows, over one index range scan per pending (tenant, day), which
    /// reads only that day's rows. Without hash and merge joins the range scans are the plan.
    /// </summary>
    public static readonly string[] PendingFactSettings = ["SET LOCAL enable_hashjoin = off", "SET LOCAL enable_mergejoin = off"];

    /// <summary>Undoes <see cref="PendingFactSettings"/> for the statements after <see cref="PendingFacts"/>.</summary>
    public static readonly string[] PendingFactSettingsUndone = ["SET LOCAL enable_hashjoin TO DEFAULT", "SET LOCAL enable_mergejoin TO DEFAULT"];

    /// <summary>
    /// Facts of the settled days of the range [@from, @to) (rollup rows of days with no pending marker), grouped by
    /// period and key. Read together with <see cref="PendingFacts"/> in one snapshot, the two cover every day once.
    /// They are separate statements so the raw-row estimate of pending days cannot distort the plan of this one
    /// (it sized the grouping of a year's rollup rows for a sort spilled to disk).
    /// </summary>
    public static string SettledFacts(UsageGranularity granularity, bool oneTenant) => Grouped(granularity, $"""
        SELECT {KeyColumns}, {string.Join(", ", FigureColumns)}
        FROM ai_usage_daily d
        WHERE day >= @from AND day < @to {TenantFilter(oneTenant)}
          AND NOT EXISTS (SELECT 1 FROM ai_usage_rollup_pending p WHERE p.tenant_id = d.tenant_id AND p.day = d.day)
        """);

    /// <summary>Facts of the days of the range still marked pending, computed from their raw rows (<see cref="RawDaysSelect"/>).</summary>
    public static string PendingFacts(UsageGranularity granularity, bool oneTenant) => Grouped(granularity, RawDaysSelect($"""
        (SELECT DISTINCT tenant_id, day FROM ai_usage_rollup_pending
         WHERE day >= @from AND day < @to {TenantFilter(oneTenant)}) k
        """));

    private static string TenantFilter(bool oneTenant) => oneTenant ? "AND tenant_id = @tenant" : "";

    /// <summary>Rollup-shaped rows (<paramref name="rows"/>) summed by period and key, with tenant and integration names.</summary>
    private static string Grouped(UsageGranularity granularity, string rows)
    {
        var period = granularity switch
        {
            UsageGranularity.Day => "f.day",
            UsageGranularity.Week => "date_trunc('week', f.day::timestamp)::date",
            _ => "date_trunc('month', f.day::timestamp)::date",
        };
        return $"""
            SELECT g.period, g.tenant_id, t.name, g.integration_id, i.integration_name, g.provider, g.model_name, g.operation,
                   {string.Join(", ", FigureColumns.Select(c => $"g.{c}"))}
            FROM (
                SELECT {period} AS period, f.tenant_id, f.integration_id, f.provider, f.model_name, f.operation,
                       {string.Join(", ", FigureColumns.Select(c => c == "cost" ? "sum(f.cost) AS cost" : $"sum(f.{c})::bigint AS {c}"))}
                FROM ({rows}) f
                GROUP BY 1, 2, 3, 4, 5, 6
            ) g
            JOIN tenants t ON t.id = g.tenant_id
            LEFT JOIN integrations i ON i.id = g.integration_id
            """;
    }

    /// <summary>The first day of the period containing <paramref name="day"/> (weeks start on Monday).</summary>
    public static DateOnly PeriodStart(DateOnly day, UsageGranularity granularity) => granularity switch
    {
        UsageGranularity.Day => day,
        UsageGranularity.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        _ => new DateOnly(day.Year, day.Month, 1),
    };
}
