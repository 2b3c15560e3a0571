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
    /// Facts of the range [@from, @to) at a granularity: rollup rows of settled days plus the raw rows of days
    /// still marked pending, in one statement (one snapshot), grouped by period and key.
    /// </summary>
    public static string Facts(UsageGranularity granularity, bool oneTenant)
    {
        var tenantFilter = oneTenant ? "AND tenant_id = @tenant" : "";
        var period = granularity switch
        {
            UsageGranularity.Day => "f.day",
            UsageGranularity.Week => "date_trunc('week', f.day::timestamp)::date",
            _ => "date_trunc('month', f.day::timestamp)::date",
        };
        return $"""
            WITH pending AS (
                SELECT DISTINCT tenant_id, day FROM ai_usage_rollup_pending
                WHERE day >= @from AND day < @to {tenantFilter}
            ),
            facts AS (
                SELECT {KeyColumns}, {string.Join(", ", FigureColumns)}
                FROM ai_usage_daily d
                WHERE day >= @from AND day < @to {tenantFilter}
                  AND NOT EXISTS (SELECT 1 FROM pending p WHERE p.tenant_id = d.tenant_id AND p.day = d.day)
                UNION ALL
                {RawDaysSelect("pending k")}
            )
            SELECT g.period, g.tenant_id, t.name, g.integration_id, i.integration_name, g.provider, g.model_name, g.operation,
                   {string.Join(", ", FigureColumns.Select(c => $"g.{c}"))}
            FROM (
                SELECT {period} AS period, f.tenant_id, f.integration_id, f.provider, f.model_name, f.operation,
                       {string.Join(", ", FigureColumns.Select(c => c == "cost" ? "sum(f.cost) AS cost" : $"sum(f.{c})::bigint AS {c}"))}
                FROM facts f
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
