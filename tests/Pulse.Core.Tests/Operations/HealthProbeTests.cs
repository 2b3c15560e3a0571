using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Operations;
using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.Probes;
using Pulse.Core.Providers.Resilience;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Operations;

/// <summary>Each probe over real services: PostgreSQL, the embedded vector store, usage rows and the breaker registry.</summary>
[Collection(PostgresCollection.Name)]
public sealed class HealthProbeTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Without_a_replica_the_postgres_probe_says_reads_use_the_primary()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);

        var rows = await host.Get<IEnumerable<IHealthSource>>().OfType<PostgresHealthSource>().Single().ProbeAsync(default);

        var primary = rows.Single(r => r.Name == "Primary");
        Assert.Equal(HealthStatus.Green, primary.Status);
        Assert.Matches(@"Reachable, PostgreSQL \d+", primary.Reason);
        var replica = rows.Single(r => r.Name == "Replica");
        Assert.Equal(HealthStatus.Grey, replica.Status);
        Assert.Contains("read from the primary", replica.Reason);
        Assert.Equal(1, replica.Figures.Single(f => f.Key == "reads_on_primary").Value);
    }

    [Fact]
    public async Task A_replica_that_is_down_is_red_and_the_row_says_reads_fall_back_to_the_primary()
    {
        var connection = await postgres.CreateMigratedDatabaseAsync("replica_down");
        var database = new PulseDatabase();
        // Nothing listens on port 1: the replica is unreachable, as when its server is stopped.
        database.Connect(connection, "Host=127.0.0.1;Port=1;Username=x;Password=x;Timeout=2");
        database.SetStatus(DatabaseStatus.Ready, null);
        database.SetReplicaHealthy(false);
        var probe = new PostgresHealthSource(database, Options.Create(new OperationsOptions()));

        var rows = await probe.ProbeAsync(default);

        Assert.Equal(HealthStatus.Green, rows.Single(r => r.Name == "Primary").Status);
        var replica = rows.Single(r => r.Name == "Replica");
        Assert.Equal(HealthStatus.Red, replica.Status);
        Assert.StartsWith("Unreachable", replica.Reason);
        Assert.Contains("reads fall back to the primary", replica.Reason);
        Assert.True(database.ReadsFallBackToPrimary);
        await database.DisposeAsync();
    }

    [Fact]
    public async Task An_integration_with_an_open_breaker_is_red_with_its_success_rate_p95_and_last_error()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var tenantId = await host.CreateTenantAsync("Breaker Co");
        int integrationId;
        await using (var db = new PulseDbContext(host.Database.PrimaryOptions, SystemTenantContext.Platform))
        {
            var integration = new Integration { TenantId = tenantId, IntegrationName = "flaky-openai", Provider = "openai", IntegrationSubtype = "embedding" };
            db.Integrations.Add(integration);
            await db.SaveChangesAsync();
            integrationId = integration.Id;
            var now = DateTimeOffset.UtcNow;
            for (var i = 1; i <= 20; i++)
                db.AiUsage.Add(new AiUsageRecord { TenantId = tenantId, IntegrationId = integrationId, Provider = "openai", LatencyMs = i * 10, Success = i <= 10, ErrorCategory = i <= 10 ? null : "timeout", CreatedAt = now.AddMinutes(-i) });
            await db.SaveChangesAsync();
        }

        var breakers = host.Get<CircuitBreakerRegistry>();
        for (var i = 0; i < 5; i++) breakers.ReportFailure(integrationId);
        var rows = await host.Get<IEnumerable<IHealthSource>>().OfType<IntegrationHealthSource>().Single().ProbeAsync(default);

        var row = rows.Single(r => r.TenantId == tenantId);
        Assert.Equal("Breaker Co · flaky-openai", row.Name);
        Assert.Equal(HealthStatus.Red, row.Status);
        Assert.Contains("Circuit breaker open after 5 consecutive failures", row.Reason);
        Assert.Contains("Last error: timeout", row.Reason);
        Assert.Equal(50, row.Figures.Single(f => f.Key == "success_pct_1h").Value);
        Assert.Equal(20, row.Figures.Single(f => f.Key == "calls_24h").Value);
        Assert.Equal(190.5, row.Figures.Single(f => f.Key == "p95_ms_1h").Value);
    }

    [Fact]
    public async Task A_collection_row_shows_points_indexed_vectors_segments_and_the_tenant_it_belongs_to()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var store = host.Get<IVectorStore>();
        var name = CollectionNames.ForTenant(42, $"docs{Guid.NewGuid():N}"[..12]);
        await store.CreateCollectionAsync(name, new CollectionDefinition(3, Distance.Cosine));
        await store.UpsertAsync(name, [new VectorPoint(1UL, [1f, 0f, 0f], null), new VectorPoint(2UL, [0f, 1f, 0f], null)]);

        var rows = await host.Get<IEnumerable<IHealthSource>>().OfType<CollectionHealthSource>().Single().ProbeAsync(default);

        var row = rows.Single(r => r.Name == name);
        Assert.Equal((HealthStatus.Green, 42), (row.Status, row.TenantId));
        Assert.Equal(2, row.Figures.Single(f => f.Key == "points").Value);
        Assert.Equal(2, row.Figures.Single(f => f.Key == "indexed_vectors").Value);
        Assert.Contains("indexing threshold", row.Detail);
    }

    [Theory]
    [InlineData(CollectionStatus.Yellow, HealthStatus.Yellow, "optimizer is running")]
    [InlineData(CollectionStatus.Grey, HealthStatus.Grey, "optimizations are pending")]
    [InlineData(CollectionStatus.Red, HealthStatus.Red, "operation failed")]
    public void Collection_status_maps_to_a_row_status_with_the_reason_in_words(CollectionStatus status, HealthStatus expected, string words)
    {
        var info = new CollectionInfo
        {
            Name = "client_1_docs", Status = status, PointsCount = 1000, IndexedVectorsCount = 400, SegmentsCount = 3,
            Config = new CollectionDefinition(8, Distance.Dot), PayloadSchema = new Dictionary<string, PayloadFieldType>(),
        };

        var row = CollectionHealthSource.Row(info, 1);

        Assert.Equal(expected, row.Status);
        Assert.Contains(words, row.Reason);
        Assert.Contains("600 of 1,000 points are not in the vector index yet", row.Reason);
    }

    [Fact]
    public async Task A_probe_that_throws_becomes_a_red_row_and_the_other_probes_still_report()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        // Another module adds its probe with one registration; here one that breaks, next to the real PostgreSQL probe.
        var services = new ServiceCollection();
        services.AddSingleton<IHealthSource, ThrowingSource>();
        services.AddSingleton<IHealthSource>(host.Get<IEnumerable<IHealthSource>>().OfType<PostgresHealthSource>().Single());
        await using var provider = services.BuildServiceProvider();
        var monitor = new HealthMonitor(provider.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new OperationsOptions()), TimeProvider.System, NullLogger<HealthMonitor>.Instance);

        var report = await monitor.CheckAsync();

        var failed = report.Rows.Single(r => r.Component == "Broken thing");
        Assert.Equal(HealthStatus.Red, failed.Status);
        Assert.Contains("probe failed: disk on fire", failed.Reason);
        Assert.Contains(report.Rows, r => r.Component == PostgresHealthSource.ComponentName && r.Status == HealthStatus.Green);
        Assert.Equal(HealthStatus.Red, report.Overall);
        Assert.Same(report, monitor.Latest);
    }

    [Fact]
    public void Tenant_users_see_platform_rows_and_their_own_tenant_rows_only()
    {
        var report = new HealthReport(DateTimeOffset.UtcNow,
        [
            new("PostgreSQL", "Primary", HealthStatus.Green, "ok", []),
            new("Collections", "client_1_docs", HealthStatus.Green, "ok", [], 1),
            new("Collections", "client_2_docs", HealthStatus.Red, "bad", [], 2),
        ]);

        var seen = report.VisibleTo(TestTenantContext.User(1, PulseRoles.Ops));

        Assert.Equal(["Primary", "client_1_docs"], seen.Rows.Select(r => r.Name));
        Assert.Equal(3, report.VisibleTo(TestTenantContext.Admin()).Rows.Count);
    }

    private sealed class ThrowingSource : IHealthSource
    {
        public string Component => "Broken thing";

        public Task<IReadOnlyList<HealthRow>> ProbeAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("disk on fire");
    }
}
