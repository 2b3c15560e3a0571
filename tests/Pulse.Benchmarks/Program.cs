using Pulse.Benchmarks;

// Verb-structured so more benchmarks can join: each verb is one class with a RunAsync(args).
var verbs = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["vectors"] = VectorsBenchmark.RunAsync,
    ["vectors-footprint"] = VectorsBenchmark.FootprintAsync,
    ["usage"] = UsageBenchmark.RunAsync,
};

if (args.Length == 0 || !verbs.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"usage: Pulse.Benchmarks <verb> [options]   verbs: {string.Join(", ", verbs.Keys)}");
    Console.Error.WriteLine("  vectors [--points N] [--dim D] [--queries Q] [--batch B] [--folder PATH]");
    Console.Error.WriteLine("  usage [--rows N] [--tenants T] [--days D] [--queries Q] [--connection CONNSTRING]");
    return 2;
}

return await run(args[1..]);
