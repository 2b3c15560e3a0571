using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Pulse.Core.Operations.Metrics;

/// <summary>
/// Listens to this host's meters (<c>Pulse</c> and ASP.NET Core's <c>Microsoft.AspNetCore.Hosting</c>, only those made by
/// this host's <see cref="IMeterFactory"/>) and writes them in the Prometheus text exposition format 0.0.4:
/// counters as <c>_total</c>, histograms with cumulative <c>_bucket</c>, <c>_sum</c> and <c>_count</c>, observable gauges as gauges.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The content type Prometheus expects.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly HashSet<string> Meters = [PulseMetrics.MeterName, "Microsoft.AspNetCore.Hosting"];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, Family> _families = new();
    private readonly Lock _scrape = new();

    public PrometheusExporter(IMeterFactory meterFactory, PulseMetrics metrics)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!Meters.Contains(instrument.Meter.Name) || !ReferenceEquals(instrument.Meter.Scope, meterFactory)) return;
            _families[instrument] = new Family(instrument);
            listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        // Taking the portal's instruments as a dependency makes them exist (and listed) from the first scrape on.
        ArgumentNullException.ThrowIfNull(metrics);
        _listener.Start();
    }

    /// <summary>The exposition text of every instrument now.</summary>
    public string Scrape()
    {
        lock (_scrape)
        {
            foreach (var family in _families.Values.Where(f => f.IsObservable)) family.Series.Clear();
            _listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal)) family.Write(text);
            return text.ToString();
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_families.TryGetValue(instrument, out var family)) family.Record(value, tags);
    }

    /// <summary>A metric name as Prometheus allows it: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    public static string SanitizeName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_').ToArray();
        var result = new string(chars);
        return char.IsAsciiDigit(result[0]) ? "_" + result : result;
    }

    /// <summary>A label value escaped for the text format.</summary>
    public static string EscapeLabel(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Family(Instrument instrument)
    {
        public ConcurrentDictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

        public bool IsObservable => instrument.IsObservable;

        private bool IsHistogram => instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal);

        private bool IsCounter => instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal)
            || instrument.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal);

        public string Name
        {
            get
            {
                var name = SanitizeName(instrument.Name);
                if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal)) name += "_seconds";
                return IsCounter ? name + "_total" : name;
            }
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = Labels(tags);
            var series = Series.GetOrAdd(labels, _ => new Series());
            lock (series)
            {
                if (IsHistogram)
                {
                    series.Count++;
                    series.Sum += value;
                    for (var i = 0; i < Buckets.Length; i++)
                        if (value <= Buckets[i]) series.BucketCounts[i]++;
                }
                else if (IsCounter && !IsObservable)
                {
                    series.Sum += value;
                }
                else
                {
                    // Gauges (and observable counters, which report their running total) replace the value.
                    series.Sum = value;
                }
            }
        }

        public void Write(StringBuilder text)
        {
            var name = Name;
            var type = IsHistogram ? "histogram" : IsCounter ? "counter" : "gauge";
            text.Append("# HELP ").Append(name).Append(' ').Append((instrument.Description ?? instrument.Name).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, series) in Series.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                lock (series)
                {
                    if (!IsHistogram)
                    {
                        text.Append(name).Append(Braces(labels)).Append(' ').Append(Number(series.Sum)).Append('\n');
                        continue;
                    }

                    for (var i = 0; i < Buckets.Length; i++)
                        text.Append(name).Append("_bucket").Append(Braces(Join(labels, $"le=\"{Number(Buckets[i])}\""))).Append(' ').Append(series.BucketCounts[i]).Append('\n');
                    text.Append(name).Append("_bucket").Append(Braces(Join(labels, "le=\"+Inf\""))).Append(' ').Append(series.Count).Append('\n');
                    text.Append(name).Append("_sum").Append(Braces(labels)).Append(' ').Append(Number(series.Sum)).Append('\n');
                    text.Append(name).Append("_count").Append(Braces(labels)).Append(' ').Append(series.Count).Append('\n');
                }
            }
        }

        private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (tags.Length == 0) return "";
            var pairs = new List<string>(tags.Length);
            foreach (var tag in tags)
                pairs.Add($"{SanitizeName(tag.Key)}=\"{EscapeLabel(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")}\"");
            pairs.Sort(StringComparer.Ordinal);
            return string.Join(',', pairs);
        }

        private static string Join(string labels, string extra) => labels.Length == 0 ? extra : labels + "," + extra;

        private static string Braces(string labels) => labels.Length == 0 ? "" : "{" + labels + "}";
    }

    private sealed class Series
    {
        public long Count { get; set; }

        public double Sum { get; set; }

        public long[] BucketCounts { get; } = new long[Buckets.Length];
    }
}
