using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Pulse.Core;
using Pulse.Core.Data;
using Pulse.Core.Data.Migrations;
using Pulse.Core.Data.Postgres;
using Pulse.Core.Indexing;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Benchmarks;

/// <summary>
/// Indexing throughput: N work items through the real pipeline (PostgreSQL in a throwaway cluster, the built-in lexical
/// embedder, the embedded vector store), where the time goes, and a re-run with nothing changed.
/// </summary>
internal static class IndexingBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = Option(args, "--rows", 20_000);
        var i = Array.IndexOf(args, "--source");
        var source = i >= 0 && i + 1 < args.Length ? args[i + 1] : BuiltInSources.Content;
        if (source is not (BuiltInSources.Content or BuiltInSources.WorkItems))
        {
            Console.Error.WriteLine($"--source must be {BuiltInSources.Content} or {BuiltInSources.WorkItems}");
            return 2;
        }
        var folder = Path.Combine(Path.GetTempPath(), "pulse-bench-indexing-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"indexing: {rows:N0} {source} rows, built-in lexical embedder (384 dims), embedded store, folder {folder}");
        Console.WriteLine($"load average before: {LoadAverage()}");
        var server = new EmbeddedPostgresServer(Path.Combine(folder, "pg"), NullLogger.Instance);
        try
        {
            var connectionString = await server.StartAsync("pulse_bench");
            await using (var dataSource = NpgsqlDataSource.Create(connectionString))
                await new MigrationRunner(MigrationCatalog.Embedded, NullLogger<MigrationRunner>.Instance).ApplyAsync(dataSource);
            await using var services = Build(connectionString, folder);
            var database = services.GetRequiredService<PulseDatabase>();
            var tenantId = await SeedAsync(database, source, rows);
            var executor = services.GetRequiredService<IndexingJobExecutor>();
            var queue = services.GetRequiredService<IndexingJobQueue>();

            var (first, firstTime) = await IndexAsync(database, queue, executor, tenantId, source);
            Report("first run", first, firstTime, executor.TimingsOf(first.Id));
            var (second, secondTime) = await IndexAsync(database, queue, executor, tenantId, source);
            Report("re-run, nothing changed", second, secondTime, executor.TimingsOf(second.Id));
            var texts = await EmbedderAloneAsync(database, tenantId, source);
            await ChainOverheadAsync(services, tenantId, texts);
            var points = await services.GetRequiredService<IVectorStore>().CountAsync(first.CollectionName);
            Console.WriteLine($"points in {first.CollectionName}: {points:N0}");
            Console.WriteLine($"load average after: {LoadAverage()}");
            return first.State == IndexingJobStates.Completed && points == rows ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await server.StopAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static ServiceProvider Build(string connectionString, string folder)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Primary"] = connectionString,
            ["Pulse:DataFolder"] = folder,
            ["Pulse:Indexing:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPulseCore(configuration);
        services.AddScoped<ITenantContext>(_ => SystemTenantContext.Platform);
        var provider = services.BuildServiceProvider();
        var database = provider.GetRequiredService<PulseDatabase>();
        database.Connect(connectionString, null);
        database.SetStatus(DatabaseStatus.Ready, null);
        return provider;
    }

    private static async Task<int> SeedAsync(PulseDatabase database, string source, int rows)
    {
        await using var tenant = database.Primary.CreateCommand("INSERT INTO tenants (name, slug) VALUES ('Bench', 'bench') RETURNING id");
        var tenantId = (int)(await tenant.ExecuteScalarAsync())!;
        // Content rows as seed 003 shapes them: 30 leaves of the religion tree, six content types, chunk numbers; the
        // reader joins each row's hierarchy path into its text.
        await using var insert = database.Primary.CreateCommand(source == BuiltInSources.Content ? """
            WITH leaves AS (
                INSERT INTO religion_hierarchy (tenant_id, branch, limb, leaf, description)
                SELECT @t, (ARRAY['Christianity', 'Islam', 'Buddhism', 'Hinduism', 'Judaism'])[1 + l % 5], 'Limb ' || (l % 10), 'Leaf ' || l, 'Bench leaf ' || l
                FROM generate_series(0, 29) AS l
                RETURNING id)
            , numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM leaves)
            INSERT INTO content_metadata (tenant_id, hierarchy_table, leaf_id, content_type, title, content_summary, chunk_number, word_count)
            SELECT @t, 'religion_hierarchy', (SELECT id FROM numbered WHERE n = i % 30),
                   (ARRAY['doctrine', 'history', 'practice', 'scripture', 'festival', 'ethics'])[1 + i % 6],
                   (ARRAY['Grace', 'Baptism', 'Pilgrimage', 'Fasting', 'Prayer', 'Liturgy', 'Council'])[1 + i % 7] || ' and ' ||
                   (ARRAY['tradition', 'salvation', 'mindfulness', 'law', 'sabbath'])[1 + i % 5] || ' ' || i,
                   'A study of ' || (ARRAY['faith', 'doctrine', 'ritual', 'community', 'scripture', 'ethics'])[1 + i % 6] ||
                   ' in case ' || i || ': how the tradition teaches, practises and remembers it across centuries of councils, reforms and festivals.',
                   1 + i / 30, 40
            FROM generate_series(0, @n - 1) AS i
            """ : """
            INSERT INTO work_items (tenant_id, key, summary, description, item_type, status, priority, assignee, story_points)
            SELECT @t, 'BENCH-' || i,
                   (ARRAY['Fix', 'Add', 'Refactor', 'Document', 'Measure'])[1 + i % 5] || ' ' ||
                   (ARRAY['login flow', 'search ranking', 'billing export', 'indexing job', 'tenant picker', 'usage chart'])[1 + i % 6] || ' #' || i,
                   'As a user I want the ' || (ARRAY['dashboard', 'report', 'pipeline', 'portal'])[1 + i % 4] ||
                   ' to handle case ' || i || ' so that releases ship on time; acceptance: tests pass, docs updated, metrics recorded.',
                   (ARRAY['Story', 'Bug', 'Task'])[1 + i % 3], (ARRAY['To Do', 'In Progress', 'Done'])[1 + i % 3],
                   (ARRAY['Low', 'Medium', 'High'])[1 + i % 3], 'dev' || (i % 17), 1 + i % 8
            FROM generate_series(1, @n) AS i
            """);
        insert.Parameters.AddWithValue("t", tenantId);
        insert.Parameters.AddWithValue("n", rows);
        await insert.ExecuteNonQueryAsync();
        return tenantId;
    }

    private static async Task<(IndexingJob Job, TimeSpan Elapsed)> IndexAsync(
        PulseDatabase database, IndexingJobQueue queue, IndexingJobExecutor executor, int tenantId, string source)
    {
        var job = await queue.TryQueueAsync(tenantId, source, "benchmark")
            ?? throw new InvalidOperationException("A job is already active.");
        var clock = Stopwatch.StartNew();
        await executor.TryRunAsync(job.Id, default);
        clock.Stop();
        await using var read = database.Primary.CreateCommand("SELECT state, processed_rows, embedded_rows, unchanged_rows FROM indexing_jobs WHERE id = @id");
        read.Parameters.AddWithValue("id", job.Id);
        await using var reader = await read.ExecuteReaderAsync();
        await reader.ReadAsync();
        job.State = reader.GetString(0);
        (job.ProcessedRows, job.EmbeddedRows, job.UnchangedRows) = (reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
        return (job, clock.Elapsed);
    }

    private static void Report(string label, IndexingJob job, TimeSpan elapsed, IndexingTimings? timings)
    {
        Console.WriteLine($"{label}: {job.State}, {job.ProcessedRows:N0} rows ({job.EmbeddedRows:N0} embedded, {job.UnchangedRows:N0} unchanged) in {elapsed.TotalSeconds:N2} s = {job.ProcessedRows / elapsed.TotalSeconds:N0} rows/s");
        if (timings is null) return;
        var total = elapsed.TotalMilliseconds;
        string Share(TimeSpan t) => $"{t.TotalMilliseconds:N0} ms ({100 * t.TotalMilliseconds / total:N0}%)";
        Console.WriteLine($"  read {Share(timings.Read)}, text+chunk+hash {Share(timings.Prepare)}, embed {Share(timings.Embed)}, upsert {Share(timings.Upsert)}, bookkeeping {Share(timings.Bookkeeping)}");
    }

    // The embedder's own cost on the same rows, outside the provider chain: the rest of the "embed" stage is the chain's
    // per-call work (budget check, chain resolution, usage row).
    // One call through the tenant's provider chain (budget check, chain resolution, the embedder, the usage row), for one
    // text (a search) and for a full indexing call, against the embedder's own time for the same texts.
    private static async Task ChainOverheadAsync(ServiceProvider services, int tenantId, List<string> texts)
    {
        var embedder = new Pulse.Core.Providers.Local.LocalHashingEmbedder();
        foreach (var size in new[] { 1, 512 })
        {
            var batch = texts.Take(size).ToList();
            var chain = new List<double>();
            var alone = new List<double>();
            for (var round = 0; round < 25; round++)
            {
                await using var scope = services.CreateAsyncScope();
                var embeddings = scope.ServiceProvider.GetRequiredService<Pulse.Core.Providers.IEmbeddingService>();
                var clock = Stopwatch.StartNew();
                await embeddings.EmbedAsync(tenantId, batch);
                chain.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                await embedder.EmbedAsync(batch, null, default);
                alone.Add(clock.Elapsed.TotalMilliseconds);
            }
            double Median(List<double> values) => values.Skip(5).Order().ElementAt((values.Count - 5) / 2);
            Console.WriteLine($"provider chain, {size} text(s) per call: median {Median(chain):N2} ms per call, of which the embedder {Median(alone):N2} ms");
        }
    }

    private static async Task<List<string>> EmbedderAloneAsync(PulseDatabase database, int tenantId, string source)
    {
        var texts = new List<string>();
        await using (var read = database.Primary.CreateCommand(source == BuiltInSources.Content
            ? "SELECT title || ' ' || content_summary || ' ' || content_type FROM content_metadata WHERE tenant_id = @t ORDER BY id"
            : "SELECT key || ' ' || summary || ' ' || description FROM work_items WHERE tenant_id = @t ORDER BY id"))
        {
            read.Parameters.AddWithValue("t", tenantId);
            await using var reader = await read.ExecuteReaderAsync();
            while (await reader.ReadAsync()) texts.Add(reader.GetString(0));
        }
        var embedder = new Pulse.Core.Providers.Local.LocalHashingEmbedder();
        await embedder.EmbedAsync(texts.Take(512).ToList(), null, default); // warm-up
        var clock = Stopwatch.StartNew();
        foreach (var batch in texts.Chunk(512)) await embedder.EmbedAsync(batch, null, default);
        clock.Stop();
        Console.WriteLine($"embedder alone (batches of 512, {Environment.ProcessorCount} cores): {texts.Count:N0} texts in {clock.Elapsed.TotalMilliseconds:N0} ms = {texts.Count / clock.Elapsed.TotalSeconds:N0} texts/s");
        return texts;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
