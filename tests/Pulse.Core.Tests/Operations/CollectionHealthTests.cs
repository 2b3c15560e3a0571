using Npgsql;
using Pulse.Core.Collections.Schema;
using Pulse.Core.Indexing;
using Pulse.Core.Operations.Health;
using Pulse.Core.Operations.Probes;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Operations;

/// <summary>
/// Collection rows over the embedded store and real PostgreSQL: drift against the applied schema version
/// (<c>collection_schema_versions</c>) and the tenant's last reconciler finding (<c>reconciliation_results</c>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CollectionHealthTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_collection_that_drifted_from_its_declared_schema_is_yellow_and_a_declared_one_missing_from_the_store_is_red()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var tenantId = await host.CreateTenantAsync("Drift");
        var store = host.Get<IVectorStore>();
        var (matching, drifted, missing) = (CollectionNames.ForTenant(tenantId, "same"), CollectionNames.ForTenant(tenantId, "docs"), CollectionNames.ForTenant(tenantId, "gone"));
        await store.CreateCollectionAsync(matching, new CollectionDefinition(3, Distance.Cosine));
        await store.CreateCollectionAsync(drifted, new CollectionDefinition(3, Distance.Cosine));
        await store.UpsertAsync(drifted, [new VectorPoint(1UL, [1f, 0f, 0f], null)]);
        const string yaml = """
            schema: drift-test
            version: 2
            scope: tenant
            collections:
              same:
                vector_size: 3
                distance: Cosine
              docs:
                vector_size: 3
                distance: Cosine
                payload_indexes:
                  city: keyword
              gone:
                vector_size: 3
                distance: Cosine
            """;
        Assert.True(CollectionSchemaService.Validate(yaml).IsValid);
        foreach (var name in new[] { matching, drifted, missing })
            await RecordAppliedAsync(host, tenantId, name, yaml);

        var rows = await Source(host).ProbeAsync(default);

        var same = rows.Single(r => r.Name == matching);
        Assert.Equal(HealthStatus.Green, same.Status);
        Assert.Equal(0, same.Figures.Single(f => f.Key == "schema_drift").Value);
        Assert.Contains("Matches its declared schema drift-test v2", same.Detail);
        var docs = rows.Single(r => r.Name == drifted);
        Assert.Equal(HealthStatus.Yellow, docs.Status);
        Assert.Contains("Drifted from schema drift-test v2 (payload indexes): Create payload index city (keyword).", docs.Reason);
        Assert.Equal(1, docs.Figures.Single(f => f.Key == "schema_drift").Value);
        var gone = rows.Single(r => r.Name == missing);
        Assert.Equal((HealthStatus.Red, tenantId), (gone.Status, gone.TenantId));
        Assert.Contains("Declared by schema drift-test v2 but missing from the vector store", gone.Reason);
    }

    [Fact]
    public async Task A_later_applied_version_is_the_one_checked_and_an_unreadable_declaration_is_named_as_such()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var tenantId = await host.CreateTenantAsync("Versions");
        var name = CollectionNames.ForTenant(tenantId, "docs");
        await host.Get<IVectorStore>().CreateCollectionAsync(name, new CollectionDefinition(4, Distance.Dot));
        await RecordAppliedAsync(host, tenantId, name, "schema: old\nversion: 1\nscope: tenant\ncollections:\n  docs:\n    vector_size: 8\n    distance: Cosine\n", version: 1);
        await RecordAppliedAsync(host, tenantId, name, "schema: new\nversion: 2\nscope: tenant\ncollections:\n  docs:\n    vector_size: 4\n    distance: Dot\n", version: 2);
        var other = await host.CreateTenantAsync("Broken declaration");
        var broken = CollectionNames.ForTenant(other, "docs");
        await host.Get<IVectorStore>().CreateCollectionAsync(broken, new CollectionDefinition(4, Distance.Dot));
        await RecordAppliedAsync(host, other, broken, "{}", version: 3);

        var checker = host.Get<SchemaDriftChecker>();
        var mine = await checker.CheckAsync(tenantId);
        var theirs = (await checker.CheckAsync(other)).Single();

        Assert.Equal((name, SchemaChangeKind.Unchanged), (mine.Single().Collection, mine.Single().Kind));
        Assert.Equal(2, mine.Single().Version);
        Assert.Null(theirs.Kind);
        Assert.True(theirs.HasDrift);
        Assert.Contains("cannot be read", theirs.Summary);
    }

    [Fact]
    public async Task A_collection_row_says_the_tenants_last_reconciler_finding_and_a_repair_clears_the_warning()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var tenantId = await host.CreateTenantAsync("Reconciled");
        var name = CollectionNames.ForTenant(tenantId, "content");
        await host.Get<IVectorStore>().CreateCollectionAsync(name, new CollectionDefinition(3, Distance.Cosine));
        await host.Get<IVectorStore>().UpsertAsync(name, [new VectorPoint(1UL, [1f, 0f, 0f], null)]);
        var log = host.Get<ReconciliationLog>();
        var finding = new ReconciliationReport(tenantId, new DateTimeOffset(2026, 12, 7, 9, 30, 0, TimeSpan.Zero), "minilm", 10, 8, [name], 3, 1, 0, []);

        await log.RecordAsync(finding);
        var found = (await Source(host).ProbeAsync(default)).Single(r => r.Name == name);
        await log.RecordAsync(finding, repairedAt: finding.CheckedAt.AddMinutes(5));
        var repaired = (await Source(host).ProbeAsync(default)).Single(r => r.Name == name);

        Assert.Equal(HealthStatus.Yellow, found.Status);
        Assert.Contains("Last reconciliation 2026-12-07 09:30 UTC found 3 missing point(s), 1 orphan(s) and 0 from an older model than minilm", found.Reason);
        Assert.Equal(4, found.Figures.Single(f => f.Key == "reconcile_drift").Value);
        Assert.Equal(HealthStatus.Green, repaired.Status);
        Assert.Contains("repaired 2026-12-07 09:35 UTC", repaired.Reason);
    }

    [Fact]
    public async Task Running_the_reconciler_keeps_its_finding_for_the_health_page()
    {
        await using var host = await OperationsTestHost.StartAsync(postgres);
        var tenantId = await host.CreateTenantAsync("Checked");

        var report = await host.Get<VectorReconciler>().ReconcileAsync(tenantId);
        var kept = (await host.Get<ReconciliationLog>().LatestAsync())[tenantId];

        Assert.True(kept.IsClean);
        Assert.Null(kept.RepairedAt);
        Assert.Equal((report.RecordedPoints, report.StoredPoints, report.Collections.Count), (kept.RecordedPoints, kept.StoredPoints, kept.Collections.Length));
        Assert.Contains(": clean (", kept.Summary);
    }

    private static CollectionHealthSource Source(OperationsTestHost host) =>
        host.Get<IEnumerable<IHealthSource>>().OfType<CollectionHealthSource>().Single();

    private static async Task RecordAppliedAsync(OperationsTestHost host, int tenantId, string name, string yaml, int version = 2)
    {
        await using var command = host.Database.Primary.CreateCommand("""
            INSERT INTO collection_schema_versions (tenant_id, collection_name, physical_name, schema_name, version, definition, applied_at)
            VALUES (@t, @n, @n, @s, @v, @d, now() + make_interval(secs => @v))
            """);
        command.Parameters.AddWithValue("t", tenantId);
        command.Parameters.AddWithValue("n", name);
        command.Parameters.AddWithValue("s", yaml.StartsWith("schema: ", StringComparison.Ordinal) ? yaml[8..yaml.IndexOf('\n')] : "unreadable");
        command.Parameters.AddWithValue("v", version);
        command.Parameters.AddWithValue("d", yaml);
        await command.ExecuteNonQueryAsync();
    }
}
