using Pulse.Core.Operations.Metrics;
using Pulse.Testing.Metrics;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Operations;

/// <summary>The exporter's output follows the Prometheus text exposition format 0.0.4, checked line by line.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PrometheusExporterTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Provider_calls_and_vector_store_operations_are_exposed_as_valid_prometheus_text()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var metrics = host.Get<PulseMetrics>();
        var exporter = host.Get<PrometheusExporter>();
        metrics.ProviderCall("openai", "embedding", true, 0.2, 0.0004, "USD");
        metrics.ProviderCall("openai", "embedding", true, 3, 0.0001, "USD");
        metrics.ProviderCall("openai", "embedding", false, 0.01, 0, "USD");
        await host.Get<Pulse.Core.VectorStore.IVectorStore>().ListCollectionsAsync();

        var text = exporter.Scrape();

        var families = PrometheusText.Parse(text);
        Assert.Equal("counter", families["pulse_provider_calls_total"]);
        Assert.Equal("histogram", families["pulse_provider_call_duration_seconds"]);
        Assert.Equal("gauge", families["pulse_database_reads_fall_back_to_primary"]);
        Assert.Contains("pulse_provider_calls_total{operation=\"embedding\",outcome=\"success\",provider=\"openai\"} 2\n", text);
        Assert.Contains("pulse_provider_call_duration_seconds_bucket{operation=\"embedding\",outcome=\"success\",provider=\"openai\",le=\"0.25\"} 1\n", text);
        Assert.Contains("pulse_provider_call_duration_seconds_count{operation=\"embedding\",outcome=\"success\",provider=\"openai\"} 2\n", text);
        Assert.Contains("pulse_vectorstore_operations_total{operation=\"list_collections\",outcome=\"success\"} 1\n", text);
        Assert.Matches(@"pulse_provider_cost_total\{currency=""USD"",provider=""openai""\} 0\.0005", text);
    }

    [Fact]
    public async Task Indexing_rows_and_budget_utilisation_per_tenant_are_exposed()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var exporter = host.Get<PrometheusExporter>();
        var indexing = host.Get<Pulse.Core.Indexing.IndexingMetrics>();
        var budgets = host.Get<Pulse.Core.Preferences.BudgetUtilisation>();
        indexing.RowsSettled(7, "work_items", indexed: 40, unchanged: 8, parked: 2);
        indexing.RowsSettled(7, "work_items", indexed: 10, unchanged: 0, parked: 0);
        indexing.RowsSettled(9, "content", indexed: 3, unchanged: 0, parked: 0);
        var now = new DateTimeOffset(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);
        var limits = new Pulse.Core.Preferences.CostLimitsPreference { MonthlyBudget = 200m };
        budgets.Record(7, Pulse.Core.Preferences.BudgetStatusService.Preview(limits, 50m, now));
        budgets.Record(9, Pulse.Core.Preferences.BudgetStatusService.Preview(limits, 250m, now));
        budgets.Record(11, Pulse.Core.Preferences.BudgetStatusService.Preview(new Pulse.Core.Preferences.CostLimitsPreference { MonthlyBudget = 0m }, 5m, now));

        var text = exporter.Scrape();

        var families = PrometheusText.Parse(text);
        Assert.Equal("counter", families["pulse_indexing_rows_total"]);
        Assert.Equal("gauge", families["pulse_budget_utilisation_ratio"]);
        Assert.Contains("pulse_indexing_rows_total{outcome=\"indexed\",source=\"work_items\",tenant=\"7\"} 50\n", text);
        Assert.Contains("pulse_indexing_rows_total{outcome=\"unchanged\",source=\"work_items\",tenant=\"7\"} 8\n", text);
        Assert.Contains("pulse_indexing_rows_total{outcome=\"parked\",source=\"work_items\",tenant=\"7\"} 2\n", text);
        Assert.Contains("pulse_indexing_rows_total{outcome=\"indexed\",source=\"content\",tenant=\"9\"} 3\n", text);
        Assert.DoesNotContain("outcome=\"parked\",source=\"content\"", text);
        Assert.Contains("pulse_budget_utilisation_ratio{tenant=\"7\"} 0.25\n", text);
        Assert.Contains("pulse_budget_utilisation_ratio{tenant=\"9\"} 1.25\n", text);
        Assert.DoesNotContain("pulse_budget_utilisation_ratio{tenant=\"11\"}", text);
    }

    [Fact]
    public async Task Evaluating_a_tenants_budget_updates_its_utilisation_gauge()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var tenant = await host.CreateTenantAsync("Budgeted");
        var budgets = host.Get<Pulse.Core.Preferences.BudgetUtilisation>();
        // A stale figure from before: the evaluation must replace it with the tenant's real state.
        budgets.Record(tenant, Pulse.Core.Preferences.BudgetStatusService.Preview(new Pulse.Core.Preferences.CostLimitsPreference { MonthlyBudget = 100m }, 50m, DateTimeOffset.UtcNow));
        Assert.Equal(0.5, budgets.RatioOf(tenant));

        var status = await host.Get<Pulse.Core.Preferences.BudgetCalculator>().EvaluateAsync(tenant, CancellationToken.None);

        Assert.Equal(status.Budget > 0 ? (double)(status.Spent / status.Budget) : null, budgets.RatioOf(tenant));
    }

    [Fact]
    public void Label_values_are_escaped_and_names_sanitized()
    {
        Assert.Equal("a\\\\b\\\"c\\nd", PrometheusExporter.EscapeLabel("a\\b\"c\nd"));
        Assert.Equal("http_server_request_duration", PrometheusExporter.SanitizeName("http.server.request.duration"));
        Assert.Equal("_9lives", PrometheusExporter.SanitizeName("9lives"));
    }
}
