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
    public void Label_values_are_escaped_and_names_sanitized()
    {
        Assert.Equal("a\\\\b\\\"c\\nd", PrometheusExporter.EscapeLabel("a\\b\"c\nd"));
        Assert.Equal("http_server_request_duration", PrometheusExporter.SanitizeName("http.server.request.duration"));
        Assert.Equal("_9lives", PrometheusExporter.SanitizeName("9lives"));
    }
}
