using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Tenancy;
using Pulse.Core.Usage;
using Pulse.Core.Usage.Budget;
using Pulse.Core.Usage.Demo;
using Pulse.Core.Usage.Export;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Usage;

/// <summary>CSV export (escaping, injection prefix, tenant scope, agreement with the aggregates), the demo seed and the budget reader.</summary>
[Collection(PostgresCollection.Name)]
public sealed class UsageExportAndSeedTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private static readonly DateOnly From = new(2025, 3, 1), To = new(2025, 3, 8);
    private UsageTestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await UsageTestDatabase.CreateAsync(postgres, "export");
        var at = new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);
        await _db.CopyAsync(
        [
            UsageTestDatabase.Row(_db.TenantA, at, 0.1m, model: "=HYPERLINK(\"http://evil\")"),
            UsageTestDatabase.Row(_db.TenantA, at.AddHours(1), 0.2m, model: "gpt, \"quoted\"\nline"),
            UsageTestDatabase.Row(_db.TenantA, at.AddDays(1), 0.3m, provider: "azure_openai", model: "-1+2", success: false),
            UsageTestDatabase.Row(_db.TenantB, at, 7m, model: "tenant-b-secret-model"),
        ]);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+SUM(A1)", "'+SUM(A1)")]
    [InlineData("-2", "'-2")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=a,\"b\"", "\"'=a,\"\"b\"\"\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void Text_cells_are_quoted_per_rfc_4180_and_formula_prefixes_are_neutralised(string value, string expected) =>
        Assert.Equal(expected, CsvCell.Text(value));

    [Fact]
    public async Task The_raw_export_streams_only_the_tenants_rows_with_injection_safe_cells()
    {
        using var scope = _db.Services(TestTenantContext.User(_db.TenantA));
        var exporter = scope.ServiceProvider.GetRequiredService<UsageCsvExporter>();
        var text = new StringWriter();

        var rows = await exporter.WriteRawAsync(new UsageQuery(From, To), text);

        var csv = text.ToString();
        Assert.Equal(3, rows);
        Assert.StartsWith(UsageCsvExporter.RawHeader + Environment.NewLine, csv);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", csv);
        Assert.Contains(",\"gpt, \"\"quoted\"\"\nline\",", csv);
        Assert.Contains(",'-1+2,", csv);
        Assert.DoesNotContain("tenant-b-secret-model", csv);
        Assert.DoesNotContain("Tenant B", csv);
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => exporter.WriteRawAsync(new UsageQuery(From, To, TenantId: _db.TenantB), new StringWriter()));
    }

    [Fact]
    public async Task The_aggregated_export_has_the_same_totals_as_the_page()
    {
        using var scope = _db.Services(TestTenantContext.User(_db.TenantA));
        var text = new StringWriter();
        await scope.ServiceProvider.GetRequiredService<UsageCsvExporter>().WriteAggregatedAsync(new UsageQuery(From, To), UsageDimension.Provider, text);
        var report = await scope.ServiceProvider.GetRequiredService<IUsageAggregates>().QueryAsync(new UsageQuery(From, To));

        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        var totals = lines.Where(l => l.StartsWith("total,", StringComparison.Ordinal)).Select(l => l.Split(',')).ToList();
        Assert.Equal(["openai", "azure_openai"], totals.Select(t => t[2]));
        Assert.Equal(report.Totals.Cost, totals.Sum(t => decimal.Parse(t[10], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(0.6m, report.Totals.Cost);
        Assert.Equal(2, lines.Count(l => l.StartsWith("2025-03-0", StringComparison.Ordinal))); // (Mar 3, openai) and (Mar 4, azure_openai)
    }

    [Fact]
    public async Task The_demo_seed_writes_ninety_days_with_failures_fallbacks_and_zero_cost_rows_once()
    {
        using var scope = _db.Services(TestTenantContext.Admin());
        var step = scope.ServiceProvider.GetServices<Pulse.Core.Demo.IDemoSeedStep>().OfType<UsageDemoSeedStep>().Single();
        var tenants = new Dictionary<string, int> { ["acme"] = _db.TenantA, ["globex"] = _db.TenantB };
        var before = await _db.ScalarAsync<long>("SELECT count(*) FROM ai_usage_tracking");

        await step.SeedAsync(tenants, CancellationToken.None);
        var seeded = await _db.ScalarAsync<long>("SELECT count(*) FROM ai_usage_tracking");
        await step.SeedAsync(tenants, CancellationToken.None);

        Assert.Equal(seeded, await _db.ScalarAsync<long>("SELECT count(*) FROM ai_usage_tracking"));
        Assert.InRange(seeded - before, 8_000, 40_000);
        const string demo = "FROM ai_usage_tracking WHERE request_metadata @> '{\"source\": \"demo\"}'";
        Assert.Equal(90L, await _db.ScalarAsync<long>($"SELECT count(DISTINCT (created_at AT TIME ZONE 'UTC')::date) {demo} AND tenant_id = {_db.TenantA}"));
        Assert.True(await _db.ScalarAsync<long>($"SELECT count(*) {demo} AND NOT success") > 50);
        Assert.True(await _db.ScalarAsync<long>($"SELECT count(*) {demo} AND fallback_used AND success") > 10);
        Assert.True(await _db.ScalarAsync<long>($"SELECT count(*) {demo} AND success AND cost = 0") > 100);
        Assert.True(await _db.ScalarAsync<long>($"SELECT count(DISTINCT model_name) {demo}") >= 5);
        Assert.Equal(0L, await _db.ScalarAsync<long>($"SELECT count(*) {demo} AND created_at > now()"));
        Assert.True(await _db.ScalarAsync<long>($"SELECT count(*) {demo} AND integration_id = {_db.IntegrationA}") > 100, "rows link to the tenant's integration of the same provider");
    }

    [Theory]
    [InlineData("""{"monthly_budget": 250.5, "alert_threshold_percent": 80}""", 250.5)]
    [InlineData("""{"monthlyBudget": "40"}""", 40.0)]
    [InlineData("""{"monthly_budget": 0}""", null)]
    [InlineData("""{"something_else": 1}""", null)]
    [InlineData("""not json""", null)]
    [InlineData("""[1, 2]""", null)]
    [InlineData(null, null)]
    public void The_budget_is_read_defensively_from_the_cost_limits_document(string? json, double? expected) =>
        Assert.Equal(expected is null ? null : (decimal)expected.Value, TenantBudgetReader.Parse(json));

    [Fact]
    public async Task The_month_budget_view_reads_the_tenants_budget_and_projects_to_month_end()
    {
        await _db.ExecuteAsync($"INSERT INTO tenant_ai_preferences (tenant_id, preference_type, configuration) VALUES ({_db.TenantA}, 'cost_limits', '{{\"monthly_budget\": 20}}')");
        await _db.CopyAsync([UsageTestDatabase.Row(_db.TenantA, DateTimeOffset.UtcNow.AddSeconds(-1), 1.5m)]);
        using var scope = _db.Services(TestTenantContext.User(_db.TenantA));

        var view = (await scope.ServiceProvider.GetRequiredService<MonthBudgetService>().CurrentMonthAsync())!;

        Assert.Equal(20m, view.MonthlyBudget);
        Assert.Equal(1.5m, view.SpendToDate);
        Assert.True(view.ProjectedMonthEnd >= view.SpendToDate);
        Assert.Equal(0.075, view.UsedFraction!.Value, 6);
        using var admin = _db.Services(TestTenantContext.Admin());
        Assert.Null(await admin.ServiceProvider.GetRequiredService<MonthBudgetService>().CurrentMonthAsync());
    }
}
