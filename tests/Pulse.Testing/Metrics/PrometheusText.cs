using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace Pulse.Testing.Metrics;

/// <summary>A strict reader of the Prometheus text exposition format 0.0.4, for tests of /metrics.</summary>
public static partial class PrometheusText
{
    /// <summary>
    /// Checks the text format: every line is a HELP/TYPE comment or a sample; TYPE comes before a family's samples and
    /// once; sample names belong to a declared family; histogram buckets are cumulative and end with +Inf equal to _count.
    /// Returns the families and their types.
    /// </summary>
    public static Dictionary<string, string> Parse(string text)
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
