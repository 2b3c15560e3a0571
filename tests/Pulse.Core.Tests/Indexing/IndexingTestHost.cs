using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Indexing;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Indexing;

/// <summary>
/// Pulse.Core as AddPulseCore wires it, over its own migrated database and its own embedded vector store folder, with the
/// background runner off (tests run jobs directly or start runners themselves) and test-sized back-offs.
/// </summary>
internal sealed class IndexingTestHost : IAsyncDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"pulse-indexing-tests-{Guid.NewGuid():N}");

    private IndexingTestHost(ServiceProvider services, string connectionString)
    {
        Services = services;
        ConnectionString = connectionString;
    }

    public ServiceProvider Services { get; private set; }
    public string ConnectionString { get; }
    public PulseDatabase Database => Services.GetRequiredService<PulseDatabase>();
    public IVectorStore Store => Services.GetRequiredService<IVectorStore>();
    public IndexingJobExecutor Executor => Services.GetRequiredService<IndexingJobExecutor>();

    /// <summary>Set before building to serve embeddings from loopback providers instead of the built-in embedder.</summary>
    public static async Task<IndexingTestHost> CreateAsync(
        PostgresServerFixture postgres, InMemoryIntegrationChainResolver? resolver = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var connectionString = await postgres.CreateMigratedDatabaseAsync("idx");
        var host = new IndexingTestHost(null!, connectionString);
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Primary"] = connectionString,
            ["Pulse:DataFolder"] = host._dataFolder,
            ["Pulse:Indexing:Enabled"] = "false",
            ["Pulse:Indexing:RetryBaseDelay"] = "00:00:00.010",
            ["Pulse:Indexing:RetryMaxDelay"] = "00:00:00.050",
            ["Pulse:Providers:Resilience:RetryBaseDelay"] = "00:00:00.010",
            ["Pulse:Providers:Resilience:RetryMaxDelay"] = "00:00:00.050",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddPulseCore(configuration);
        services.AddScoped<ITenantContext>(_ => SystemTenantContext.Platform);
        if (resolver is not null) services.AddSingleton<IIntegrationChainResolver>(resolver);
        configure?.Invoke(services);
        host.Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        host.Database.Connect(connectionString, null);
        host.Database.SetStatus(DatabaseStatus.Ready, null);
        return host;
    }

    public async Task<int> CreateTenantAsync(string slug)
    {
        await using var db = new PulseDbContext(new DbContextOptionsBuilder<PulseDbContext>().UseNpgsql(ConnectionString).Options, SystemTenantContext.Platform);
        var tenant = new Tenant { Name = $"Tenant {slug}", Slug = $"{slug}-{Guid.NewGuid():N}"[..20] };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    }

    /// <summary>Inserts work items numbered 1..count whose summary names the tenant's <paramref name="marker"/>; returns their ids in order.</summary>
    public async Task<IReadOnlyList<int>> InsertWorkItemsAsync(int tenantId, int count, string marker = "alpha")
    {
        await using var command = Database.Primary.CreateCommand("""
            INSERT INTO work_items (tenant_id, key, summary, description, item_type, status, priority)
            SELECT @t, 'WI-' || i, @marker || ' work item ' || i || ' about release planning',
                   'Details of item ' || i || ' for ' || @marker, 'Story', 'To Do', 'Medium'
            FROM generate_series(1, @n) AS i RETURNING id
            """);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("marker", marker);
        command.Parameters.AddWithValue("n", count);
        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt32(0));
        ids.Sort();
        return ids;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Database.Primary.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Database.Primary.CreateCommand(sql);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public async Task<long> QueueAsync(int tenantId, string table = BuiltInSources.WorkItems)
    {
        var job = await Services.GetRequiredService<IndexingJobQueue>().TryQueueAsync(tenantId, table, "test");
        Assert.NotNull(job);
        return job.Id;
    }

    /// <summary>Queues a job and runs it to its end on this thread.</summary>
    public async Task<IndexingJob> IndexAsync(int tenantId, string table = BuiltInSources.WorkItems)
    {
        var id = await QueueAsync(tenantId, table);
        Assert.True(await Executor.TryRunAsync(id, default));
        return await JobAsync(id);
    }

    public async Task<IndexingJob> JobAsync(long jobId)
    {
        await using var db = new PulseDbContext(new DbContextOptionsBuilder<PulseDbContext>().UseNpgsql(ConnectionString).Options, SystemTenantContext.Platform);
        return await db.Set<IndexingJob>().AsNoTracking().SingleAsync(j => j.Id == jobId);
    }

    /// <summary>Waits (polling the database, no fixed sleeps standing in for work) until the job satisfies <paramref name="condition"/>.</summary>
    public async Task<IndexingJob> WaitForJobAsync(long jobId, Func<IndexingJob, bool> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var job = await JobAsync(jobId);
            if (condition(job)) return job;
            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(60)))
                throw new TimeoutException($"Job {jobId} is {job.State} with {job.ProcessedRows}/{job.TotalRows} rows; the condition was not met.");
            await Task.Delay(25);
        }
    }

    /// <summary>A runner like the hosted one, but enabled and polling fast.</summary>
    public IndexingRunner NewRunner() => new(Database, Executor, Services.GetRequiredService<IndexingSignal>(),
        Options.Create(new IndexingOptions { Enabled = true, PollInterval = TimeSpan.FromMilliseconds(100) }), NullLogger<IndexingRunner>.Instance);

    /// <summary>The page's service as <paramref name="caller"/> would use it.</summary>
    public IndexingService ServiceFor(ITenantContext caller) => new(
        new PulseDbContextFactory(Database, caller), caller, Database, Services.GetRequiredService<PipelineConfigurationReader>(),
        Services.GetRequiredService<VectorReconciler>(), Services.GetRequiredService<IndexingJobQueue>(), Services.GetRequiredService<IndexingSignal>());

    public TenantVectorStore StoreFor(int tenantId) => new(Store, SystemTenantContext.ForTenant(tenantId));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        try { if (Directory.Exists(_dataFolder)) Directory.Delete(_dataFolder, recursive: true); }
        catch (IOException) { /* the store may still hold a file briefly; the folder is under /tmp */ }
    }
}
