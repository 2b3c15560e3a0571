using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Core;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;
using Pulse.Core.Data.Entities;
using Pulse.Core.Data.Migrations;
using Pulse.Core.Data.Postgres;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Benchmarks;

/// <summary>
/// End-to-end search latency by stage (embed, vector search, hydration from PostgreSQL, total) through the real
/// SearchService: the built-in lexical embedder, the embedded store, a throwaway PostgreSQL cluster.
/// </summary>
internal static class SearchBenchmark
{
    private static readonly string[] Words =
    [
        "baptism", "salvation", "doctrine", "grace", "faith", "church", "liturgy", "prayer", "quantum", "relativity", "genetics",
        "heredity", "theory", "experiment", "measurement", "pilgrimage", "fasting", "sermon", "path", "truth", "scripture", "tradition",
        "council", "mindfulness", "ethics", "law", "festival", "sabbath", "wave", "particle", "gravity", "evolution",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var points = Option(args, "--points", 3_000);
        var queries = Option(args, "--queries", 300);
        var root = Path.Combine(Path.GetTempPath(), "pulse-bench-search-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"search: {points:N0} content rows and points, {queries} queries, top 10, local lexical embedder (384 dims), embedded store, PostgreSQL 15; load average {LoadAverage()}");
        var server = new EmbeddedPostgresServer(Path.Combine(root, "cluster"), NullLogger.Instance);
        try
        {
            var admin = await server.StartAsync("postgres");
            var connectionString = await CreateDatabaseAsync(admin);
            await using var provider = BuildServices(connectionString, Path.Combine(root, "data"));
            var tenantId = await SeedAsync(provider, points);
            // Cold: every query embedded through the provider chain (the tenant's embedding cache off).
            await SetCacheAsync(provider, tenantId, ttlMinutes: 0);
            var facets = new List<double>();
            var samples = await MeasureAsync(provider, tenantId, queries, seed: 11, facets);
            Console.WriteLine("cold queries (embedding cache off):");
            Report("embed", samples.Select(s => s.EmbedMs));
            Report("search", samples.Select(s => s.SearchMs));
            Report("hydrate", samples.Select(s => s.HydrateMs));
            Report("total", samples.Select(s => s.TotalMs));
            // The whole result's facets (top 1,000 matches), asked for after each search as the facet panel does.
            Report("facets", facets);
            // Repeated: the same queries again with the cache on (the default 60 minutes), as re-runs from history do.
            await SetCacheAsync(provider, tenantId, ttlMinutes: 60);
            await MeasureAsync(provider, tenantId, queries, seed: 11);
            var repeated = await MeasureAsync(provider, tenantId, queries, seed: 11);
            Console.WriteLine("repeated queries (embedding cache on):");
            Report("embed-re", repeated.Select(s => s.EmbedMs));
            Report("total-re", repeated.Select(s => s.TotalMs));
            Console.WriteLine($"load average after: {LoadAverage()} (2 cores shared with other builds: figures are noisy)");
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.StopAsync();
            try { Directory.Delete(root, recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task<string> CreateDatabaseAsync(string admin)
    {
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE bench_search", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = "bench_search" }.ConnectionString;
        await using var source = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(MigrationCatalog.Embedded, NullLogger<MigrationRunner>.Instance).ApplyAsync(source);
        return connectionString;
    }

    private static ServiceProvider BuildServices(string connectionString, string dataFolder)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Primary"] = connectionString }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPulseCore(configuration, dataFolder);
        services.AddScoped<ITenantContext>(_ => BenchTenant.Current);
        var provider = services.BuildServiceProvider();
        var database = provider.GetRequiredService<PulseDatabase>();
        database.Connect(connectionString, null);
        database.SetStatus(DatabaseStatus.Ready, null);
        return provider;
    }

    private static async Task<int> SeedAsync(ServiceProvider provider, int count)
    {
        var random = new Random(7);
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PulseDbContext>();
        var tenant = new Tenant { Name = "Bench", Slug = "bench" };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        var leaves = Enumerable.Range(0, 30).Select(i => new HierarchyNode { TenantId = tenant.Id, Branch = $"Branch {i % 5}", Limb = $"Limb {i % 10}", Leaf = $"Leaf {i}" }).ToList();
        db.Hierarchy(HierarchyTables.Religion).AddRange(leaves);
        await db.SaveChangesAsync();
        for (var i = 0; i < count; i++)
        {
            var leaf = leaves[i % leaves.Count];
            db.Content.Add(new ContentMetadata
            {
                TenantId = tenant.Id, HierarchyTable = HierarchyTables.Religion, LeafId = leaf.Id, ContentType = $"Type{i % 6}",
                Title = $"{Sentence(random, 4)} {i}", ContentSummary = Sentence(random, 40), ChunkNumber = 1 + (i / leaves.Count), WordCount = 40,
            });
        }

        await db.SaveChangesAsync();
        var built = await scope.ServiceProvider.GetRequiredService<ContentCollectionBuilder>().EnsureAsync(tenant.Id);
        Console.WriteLine($"seeded: tenant {tenant.Id}, {count:N0} content rows, collection built: {built}");
        return tenant.Id;
    }

    private static async Task SetCacheAsync(ServiceProvider provider, int tenantId, int ttlMinutes)
    {
        var database = provider.GetRequiredService<PulseDatabase>();
        var document = Pulse.Core.Preferences.PreferenceDocuments.Write(new Pulse.Core.Preferences.PerformancePreference { CacheTtlMinutes = ttlMinutes });
        await using var command = database.Primary.CreateCommand("""
            INSERT INTO tenant_ai_preferences (tenant_id, preference_type, configuration) VALUES (@t, 'performance', @c::jsonb)
            ON CONFLICT (tenant_id, preference_type) DO UPDATE SET configuration = EXCLUDED.configuration
            """);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("c", document);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<SearchTiming>> MeasureAsync(ServiceProvider provider, int tenantId, int queries, int seed, List<double>? facets = null)
    {
        BenchTenant.Current = SystemTenantContext.ForTenant(tenantId);
        var random = new Random(seed);
        var collection = CollectionNames.ForTenant(tenantId, ContentCollectionBuilder.LogicalName);
        var samples = new List<SearchTiming>();
        for (var i = 0; i < queries + 20; i++)
        {
            await using var scope = provider.CreateAsyncScope();
            var search = scope.ServiceProvider.GetRequiredService<SearchService>();
            var response = await search.SearchAsync(new SearchRequest { Query = Sentence(random, 3), Collection = collection, Limit = 10 });
            if (response.Hits.Count != 10) throw new InvalidOperationException($"expected 10 hits, got {response.Hits.Count}");
            if (i >= 20) samples.Add(response.Timing); // the first 20 warm up EF's query cache and the JIT
            if (facets is null) continue;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var whole = await search.FacetsAsync(response);
            if (whole.Covered != SearchFacets.Cap) throw new InvalidOperationException($"expected facets of {SearchFacets.Cap} matches, got {whole.Covered}");
            if (i >= 20) facets.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return samples;
    }

    private static string Sentence(Random random, int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));

    private static void Report(string stage, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stage,-8} p50 {At(0.50),7:0.00} ms   p95 {At(0.95),7:0.00} ms   max {sorted[^1],7:0.00} ms"));
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }

    private static class BenchTenant
    {
        public static ITenantContext Current { get; set; } = SystemTenantContext.Platform;
    }
}
