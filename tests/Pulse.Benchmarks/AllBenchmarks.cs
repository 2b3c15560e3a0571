using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pulse.Benchmarks;

/// <summary>
/// Runs every benchmark verb, each in its own process (so one verb's memory and threads never colour the next), and
/// writes <c>benchmark-report.json</c> and <c>benchmark-report.md</c> with the machine, the commit, each verb's
/// output and the figures read from it (lines of the form <c>name: number unit</c>).
/// </summary>
internal static partial class AllBenchmarks
{
    /// <summary>Arguments per verb: the full run, and the --quick run (same code, smaller sizes).</summary>
    private static readonly Dictionary<string, (string Full, string Quick)> Profiles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["vectors"] = ("--points 100000 --queries 200", "--points 10000 --queries 50"),
        ["search"] = ("--points 100000 --queries 300", "--points 2000 --queries 50"),
        ["indexing"] = ("--rows 100000", "--rows 2000"),
        ["usage"] = ("--rows 1000000 --tenants 10 --days 365 --queries 40", "--rows 50000 --tenants 5 --days 90 --queries 10"),
        ["load"] = ("--sessions 100 --seconds 60 --browsers 5", "--sessions 10 --seconds 15 --browsers 2"),
    };

    /// <summary>Verbs that are parts of another (run through it) and are left out of the report run.</summary>
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase) { "all", "vectors-footprint" };

    public static async Task<int> RunAsync(string[] args, IReadOnlyCollection<string> verbs)
    {
        var quick = args.Contains("--quick");
        var only = OptionText(args, "--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var output = Path.GetFullPath(OptionText(args, "--out") ?? "benchmark-results");
        Directory.CreateDirectory(output);
        var started = DateTimeOffset.UtcNow;
        var machine = Machine();
        Console.WriteLine($"all: {(quick ? "quick" : "full")} run on {machine["cpu"]}, {machine["cores"]} cores, commit {machine["commit"]}; reports in {output}");

        var results = new List<VerbResult>();
        // The load run last: it is the longest and its portal should not share the machine with another verb's data.
        foreach (var verb in verbs.Where(v => !Skipped.Contains(v) && (only is null || only.Contains(v, StringComparer.OrdinalIgnoreCase)))
                     .OrderBy(v => v.Equals("load", StringComparison.OrdinalIgnoreCase)))
        {
            var verbArgs = Profiles.TryGetValue(verb, out var profile) ? (quick ? profile.Quick : profile.Full) : "";
            Console.WriteLine($"--- {verb} {verbArgs}");
            results.Add(await RunVerbAsync(verb, verbArgs));
        }

        var report = new Report(started, DateTimeOffset.UtcNow, quick ? "quick" : "full", machine, results);
        var jsonPath = Path.Combine(output, "benchmark-report.json");
        var markdownPath = Path.Combine(output, "benchmark-report.md");
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        await File.WriteAllTextAsync(markdownPath, Markdown(report));
        Console.WriteLine($"wrote {jsonPath} and {markdownPath}");
        return results.All(r => r.ExitCode == 0) ? 0 : 1;
    }

    private static async Task<VerbResult> RunVerbAsync(string verb, string verbArgs)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(AllBenchmarks).Assembly.Location);
        start.ArgumentList.Add(verb);
        foreach (var arg in verbArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries)) start.ArgumentList.Add(arg);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                Console.WriteLine("  " + line);
                lock (lines) lines.Add(line);
            }
        });
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                Console.Error.WriteLine("  ! " + line);
                lock (lines) lines.Add("! " + line);
            }
        });
        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        return new VerbResult(verb, verbArgs, process.ExitCode, Math.Round(watch.Elapsed.TotalSeconds, 1), lines, Figures(lines));
    }

    /// <summary>Figures are lines (or comma-separated parts of lines) like "latency p95: 12.3 ms" or "upserts: 38,132 points/s".</summary>
    internal static IReadOnlyList<Figure> Figures(IEnumerable<string> lines)
    {
        var figures = new List<Figure>();
        foreach (var line in lines.Where(l => !l.StartsWith('!')))
        {
            // Percentile rows such as "search   p50 0.71 ms   p95 0.83 ms" or "query: store, top-10: p50 2.74 ms, p99 7.25 ms".
            var percentiles = Percentile().Matches(line);
            if (percentiles.Count > 0)
            {
                var subject = line.Trim().Split(["  ", ": p", " p5", " p9"], StringSplitOptions.None)[0].Trim().TrimEnd(':');
                foreach (Match p in percentiles)
                    if (double.TryParse(p.Groups["value"].Value.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                        figures.Add(new Figure($"{subject} {p.Groups["key"].Value}", v, p.Groups["unit"].Value));
                continue;
            }
            var match = FigureLine().Match(line);
            if (!match.Success) continue;
            if (double.TryParse(match.Groups["value"].Value.Replace(",", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                figures.Add(new Figure(match.Groups["name"].Value.Trim(), value, match.Groups["unit"].Value.Trim()));
        }
        return figures;
    }

    [GeneratedRegex(@"\b(?<key>p50|p95|p99|max)\s*:?\s*(?<value>[0-9][0-9,]*(\.[0-9]+)?)\s*(?<unit>ms|s)\b")]
    private static partial Regex Percentile();

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z][^:]{1,80}):\s*(?<value>-?[0-9][0-9,]*(\.[0-9]+)?)\s*(?<unit>[^\s,(;]*)")]
    private static partial Regex FigureLine();

    private static Dictionary<string, string> Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : RuntimeInformation.ProcessArchitecture.ToString();
        return new Dictionary<string, string>
        {
            ["os"] = RuntimeInformation.OSDescription,
            ["cpu"] = cpu,
            ["cores"] = Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture),
            ["memory"] = $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024:0.0} GiB",
            ["loadAverage"] = File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a",
            ["dotnet"] = RuntimeInformation.FrameworkDescription,
            ["commit"] = Git("rev-parse --short HEAD") + (Git("status --porcelain").Length > 0 ? " (with uncommitted changes)" : ""),
        };
    }

    private static string Git(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static string Markdown(Report report)
    {
        var md = new StringBuilder();
        md.AppendLine("# Pulse benchmark report").AppendLine();
        md.AppendLine($"{report.Profile} run, {report.Started:yyyy-MM-dd HH:mm} to {report.Finished:HH:mm} UTC").AppendLine();
        md.AppendLine("| machine | |").AppendLine("|---|---|");
        foreach (var (key, value) in report.Machine) md.AppendLine($"| {key} | {value} |");
        foreach (var verb in report.Verbs)
        {
            md.AppendLine().AppendLine($"## {verb.Verb} {verb.Arguments}".TrimEnd()).AppendLine();
            md.AppendLine($"exit code {verb.ExitCode}, {verb.Seconds:0.0} s").AppendLine();
            if (verb.Figures.Count > 0)
            {
                md.AppendLine("| figure | value | unit |").AppendLine("|---|---:|---|");
                foreach (var figure in verb.Figures) md.AppendLine(CultureInfo.InvariantCulture, $"| {figure.Name} | {figure.Value:#,0.##} | {figure.Unit} |");
                md.AppendLine();
            }
            md.AppendLine("```").AppendJoin('\n', verb.Output).AppendLine().AppendLine("```");
        }
        return md.ToString();
    }

    private static string? OptionText(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    internal sealed record Figure(string Name, double Value, string Unit);

    private sealed record VerbResult(string Verb, string Arguments, int ExitCode, double Seconds, IReadOnlyList<string> Output, IReadOnlyList<Figure> Figures);

    private sealed record Report(DateTimeOffset Started, DateTimeOffset Finished, string Profile, Dictionary<string, string> Machine, IReadOnlyList<VerbResult> Verbs);
}
