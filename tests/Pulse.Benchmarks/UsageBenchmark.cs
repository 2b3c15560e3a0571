using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Migrations;
using Pulse.Core.Data.Postgres;
using Pulse.Core.Tenancy;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Demo;
using Pulse.Core.Usage.Rollup;

namespace Pulse.Benchmarks;

/// <summary>
/// Usage figures at volume: load N raw rows across T tenants over D days (binary COPY through the rollup triggers),
/// roll them up, then time the page's figures (aggregate query plus every breakdown the page draws) for 30 days of
/// one tenant and 12 months of all tenants, with the rollup settled and with today's days still pending, each
/// uncached (every day read) and with the closed days' fact cache the portal uses.
/// </summary>
internal static class UsageBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 1_000_000);
        var tenants = Option(args, "--tenants", 10);
        var days = Option(args, "--days", 365);
        var queries = Option(args, "--queries", 40);
        var connection = OptionText(args, "--connection");
        var folder = Path.Combine(Path.GetTempPath(), "pulse-bench-usage-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"usage: {rows:N0} target rows, {tenants} tenants, {days} days, {queries} timed queries per case; load average {LoadAverage()}");
        EmbeddedPostgresServer? server = null;
        try
        {
            if (connection is null)
            {
                server = new EmbeddedPostgresServer(Path.Combine(folder, "cluster"), NullLogger.Instance);
                connection = await server.StartAsync("pulse_bench_usage");
            }
            await using var source = NpgsqlDataSource.Create(connection);
            await new MigrationRunner(MigrationCatalog.Embedded, NullLogger<MigrationRunner>.Instance).ApplyAsync(source);
            await using var database = new PulseDatabase();
            database.Connect(connection, null);
            database.SetStatus(DatabaseStatus.Ready, null);

            var tenantIds = await LoadAsync(source, rows, tenants, days);
            await RollUpAsync(database, source);
            await TimePageAsync(database, tenantIds[0], queries, "settled");
            await AddTodayAsync(source, tenantIds);
            await TimePageAsync(database, tenantIds[0], queries, "today pending");
            await RollUpAsync(database, source);
            Console.WriteLine($"load average at the end: {LoadAverage()}");
            return 0;
        }
        finally
        {
            if (server is not null) await server.StopAsync();
            NpgsqlConnection.ClearAllPools();
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int[]> LoadAsync(NpgsqlDataSource source, int rows, int tenants, int days)
    {
        var ids = new int[tenants];
        for (var t = 0; t < tenants; t++)
        {
            await using var insert = source.CreateCommand($"INSERT INTO tenants (name, slug) VALUES ('Bench tenant {t + 1}', 'bench-{t + 1}-{Guid.NewGuid():N}') RETURNING id");
            ids[t] = (int)(await insert.ExecuteScalarAsync())!;
        }
        // The generator's average day is about 1.38 weekday volumes (weekends at 30%, growth 0.4% a day).
        var weekday = Math.Max(1, (int)Math.Round(rows / (double)tenants / days / (0.8 * (1 + (0.002 * days)))));
        var clock = Stopwatch.StartNew();
        long written = 0;
        await using (var conn = await source.OpenConnectionAsync())
            foreach (var (id, i) in ids.Select((id, i) => (id, i)))
                written += await UsageRowCopier.CopyAsync(conn, UsageHistoryGenerator.Generate(id, days, DateTimeOffset.UtcNow.AddDays(-1), weekday, seed: i + 1));
        clock.Stop();
        await using (var analyze = source.CreateCommand("ANALYZE"))
            await analyze.ExecuteNonQueryAsync();
        Console.WriteLine($"load: {written:N0} raw rows by COPY (triggers marking days) in {clock.Elapsed.TotalSeconds:N1} s = {written / clock.Elapsed.TotalSeconds:N0} rows/s");
        return ids;
    }

    private static async Task RollUpAsync(PulseDatabase database, NpgsqlDataSource source)
    {
        long pending;
        await using (var count = source.CreateCommand("SELECT count(*) FROM ai_usage_tracking u WHERE EXISTS (SELECT 1 FROM ai_usage_rollup_pending p WHERE p.tenant_id = u.tenant_id AND u.created_at >= p.day::timestamp AT TIME ZONE 'UTC' AND u.created_at < (p.day + 1)::timestamp AT TIME ZONE 'UTC')"))
            pending = (long)(await count.ExecuteScalarAsync())!;
        var clock = Stopwatch.StartNew();
        var tenantDays = await new UsageRollup(database).RunUntilCaughtUpAsync();
        clock.Stop();
        await using var size = source.CreateCommand("SELECT count(*) FROM ai_usage_daily");
        Console.WriteLine($"rollup: {tenantDays:N0} tenant-days ({pending:N0} raw rows) in {clock.Elapsed.TotalMilliseconds:N0} ms = {pending / clock.Elapsed.TotalSeconds:N0} raw rows/s; ai_usage_daily has {(long)(await size.ExecuteScalarAsync())!:N0} rows");
    }

    private static async Task AddTodayAsync(NpgsqlDataSource source, int[] tenantIds)
    {
        // Today's traffic so far, in many small statements like the provider chain writes it.
        var random = new Random(7);
        var clock = Stopwatch.StartNew();
        var statements = 0;
        foreach (var id in tenantIds)
            for (var s = 0; s < 50; s++, statements++)
            {
                await using var conn = await source.OpenConnectionAsync();
                await UsageRowCopier.CopyAsync(conn, UsageHistoryGenerator.Generate(id, 1, DateTimeOffset.UtcNow, 6, seed: random.Next()));
            }
        Console.WriteLine($"today: {statements} small writes across {tenantIds.Length} tenants in {clock.Elapsed.TotalMilliseconds:N0} ms (their days now pending)");
    }

    private static async Task TimePageAsync(PulseDatabase database, int tenantId, int queries, string state)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var cases = new (string Name, ITenantContext Tenant, UsageQuery Query)[]
        {
            ("30 days, one tenant, by day", SystemTenantContext.ForTenant(tenantId), new UsageQuery(today.AddDays(-29), today.AddDays(1), UsageGranularity.Day)),
            ("12 months, all tenants, by month", SystemTenantContext.Platform, new UsageQuery(today.AddMonths(-12).AddDays(1), today.AddDays(1), UsageGranularity.Month)),
            ("12 months, all tenants, by week", SystemTenantContext.Platform, new UsageQuery(today.AddMonths(-12).AddDays(1), today.AddDays(1), UsageGranularity.Week)),
        };
        // Uncached: the cache is emptied before every view, so each one reads every day and refills it (the first view
        // of a question, or the first after a closed day changed). Cached: the portal's usual case, closed days from
        // UsageFactCache (checked current in the view's snapshot) and only yesterday and today read.
        var cache = new UsageFactCache();
        foreach (var (name, tenant, query) in cases)
            await TimeAsync($"{name} ({state}, uncached)", queries, new UsageAggregates(database, tenant, cache), query, cache.Clear);
        foreach (var (name, tenant, query) in cases)
            await TimeAsync($"{name} ({state}, cached)", queries, new UsageAggregates(database, tenant, cache), query);
        Console.WriteLine($"fact cache: {cache.Hits} hits, {cache.Misses} misses");
    }

    private static async Task TimeAsync(string name, int queries, UsageAggregates aggregates, UsageQuery query, Action? beforeEach = null)
    {
        var timings = new List<double>();
        long facts = 0;
        for (var i = -3; i < queries; i++) // three warm-up runs
        {
            beforeEach?.Invoke();
            var clock = Stopwatch.StartNew();
            var report = await aggregates.QueryAsync(query);
            // What the page computes from the report: totals, every breakdown, the series it charts.
            foreach (var dimension in Enum.GetValues<UsageDimension>()) _ = report.Breakdown(dimension);
            _ = report.Series(UsageDimension.Provider);
            _ = report.ByPeriod();
            clock.Stop();
            if (i >= 0) timings.Add(clock.Elapsed.TotalMilliseconds);
            facts = report.Facts.Count;
        }
        timings.Sort();
        Console.WriteLine($"page figures, {name}: p50 {Percentile(timings, 0.5):N1} ms, p95 {Percentile(timings, 0.95):N1} ms, max {timings[^1]:N1} ms ({facts:N0} facts)");
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string? OptionText(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
