using System.Globalization;
using System.Text.RegularExpressions;
using Pulse.Core.Operations.Metrics;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Operations;

/// <summary>The exporter's output follows the Prometheus text exposition format 0.0.4, checked line by line.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class PrometheusExporterTests(PostgresServerFixture postgres)
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

        var families = Parse(text);
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

    /// <summary>
    /// Checks the text format: every line is a HELP/TYPE comment or a sample; TYPE comes before a family's samples and
    /// once; sample names belong to a declared family; histogram buckets are cumulative and end with +Inf equal to _count.
    /// Returns the families and their types.
    /// </summary>
    internal static Dictionary<string, string> Parse(string text)
    {
        Assert.EndsWith("\n", text);
        var types = new Dictionary<string, string>();
        var buckets = new Dictionary<string, List<double>>();
        var infinity = new Dictionary<string, double>();
        var counts = new Dictionary<string, double>();
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                Assert.Matches(@"^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$", line);
                continue;
            }

            var type = TypeLine().Match(line);
            if (type.Success)
            {
                Assert.True(types.TryAdd(type.Groups[1].Value, type.Groups[2].Value), $"TYPE of {type.Groups[1].Value} twice");
                continue;
            }

            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a valid sample line: {line}");
            var name = sample.Groups["name"].Value;
            var labels = sample.Groups["labels"].Value;
            var value = sample.Groups["value"].Value == "+Inf" ? double.PositiveInfinity : double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
            var family = types.Keys.FirstOrDefault(f => name == f || (types[f] == "histogram" && (name == f + "_bucket" || name == f + "_sum" || name == f + "_count")));
            Assert.True(family is not null, $"sample {name} has no TYPE line before it");
            if (types[family!] != "histogram") continue;
            var series = family + "{" + LeLabel().Replace(labels, "").Trim(',') + "}";
            if (name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                Assert.Contains("le=\"", labels);
                if (labels.Contains("le=\"+Inf\"", StringComparison.Ordinal)) infinity[series] = value;
                else (buckets.TryGetValue(series, out var list) ? list : buckets[series] = []).Add(value);
            }
            else if (name.EndsWith("_count", StringComparison.Ordinal))
            {
                counts[series] = value;
            }
        }

        foreach (var (series, values) in buckets)
        {
            Assert.Equal(values.Order(), values); // cumulative
            Assert.True(infinity.ContainsKey(series), $"{series} has no +Inf bucket");
            Assert.True(values[^1] <= infinity[series]);
            Assert.Equal(counts[series], infinity[series]);
        }

        return types;
    }

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>([a-zA-Z_][a-zA-Z0-9_]*=""([^""\\\n]|\\[\\""n])*"",?)*)\})? (?<value>[-+]?(\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|Inf|NaN|\+Inf))$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@",?le=""[^""]*""")]
    private static partial Regex LeLabel();
}
