using Pulse.Benchmarks;

// Verb-structured so more benchmarks can join: each verb is one class with a RunAsync(args).
var verbs = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["vectors"] = VectorsBenchmark.RunAsync,
    ["vectors-footprint"] = VectorsBenchmark.FootprintAsync,
    ["load"] = LoadBenchmark.RunAsync,
    ["indexing"] = IndexingBenchmark.RunAsync,
    ["search"] = SearchBenchmark.RunAsync,
    ["usage"] = UsageBenchmark.RunAsync,
};
verbs["all"] = rest => AllBenchmarks.RunAsync(rest, verbs.Keys.ToList());

if (args.Length == 0 || !verbs.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Pulse.Benchmarks <verb> [options]   verbs: {string.Join(", ", verbs.Keys)}");
    Console.Error.WriteLine("  all [--quick] [--only verb,verb] [--out FOLDER]   every verb below; writes benchmark-report.json and .md");
    Console.Error.WriteLine("  vectors [--points N] [--dim D] [--queries Q] [--batch B] [--folder PATH]");
    Console.Error.WriteLine("  load [--sessions N] [--seconds S] [--browsers B] [--think MIN-MAX] [--warmup S] [--chromium PATH]   (B of the N sessions in Chromium, the rest circuit clients; think time in ms between interactions, default 3000-10000)");
    Console.Error.WriteLine("  indexing [--rows N] [--source content_metadata|work_items]   (rows through the pipeline: rows/s, time per stage, unchanged re-run)");
    Console.Error.WriteLine("  search [--points N] [--queries Q]");
    Console.Error.WriteLine("  usage [--rows N] [--tenants T] [--days D] [--queries Q] [--connection CONNSTRING]");
    return 2;
}

return await run(args[1..]);
