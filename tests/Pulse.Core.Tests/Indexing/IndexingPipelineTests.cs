using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Indexing;
using Pulse.Core.Search;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Indexing;

/// <summary>The pipeline end to end on real PostgreSQL and the embedded store: runs, re-runs, deletions, tenant isolation.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IndexingPipelineTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task A_full_run_writes_one_point_and_one_qdrant_vectors_row_per_chunk()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("full");
        var ids = await host.InsertWorkItemsAsync(tenant, 120);
        // A long description and a small configured chunk size split one record into several chunks.
        await host.ExecuteAsync("UPDATE work_items SET description = repeat('sprint retrospective notes ', 40) WHERE id = @id", ("id", ids[0]));
        await host.ExecuteAsync("""
            INSERT INTO tenant_ai_configuration (tenant_id, config_category, configuration)
            VALUES (@t, 'pipeline_config', '{"sources": {"work_items": {"chunk_size": 300, "chunk_overlap": 30}}}')
            """, ("t", tenant));

        var job = await host.IndexAsync(tenant);

        Assert.Equal(IndexingJobStates.Completed, job.State);
        Assert.Equal((120, 120, 120, 0, 0), (job.TotalRows, job.ProcessedRows, job.EmbeddedRows, job.UnchangedRows, job.ParkedRows));
        Assert.Equal($"client_{tenant}_work_items", job.CollectionName);
        var recorded = await host.CountAsync("SELECT count(*) FROM qdrant_vectors WHERE tenant_id = @t", ("t", tenant));
        var chunksOfFirst = await host.CountAsync("SELECT count(*) FROM qdrant_vectors WHERE record_id = @id", ("id", ids[0]));
        Assert.True(chunksOfFirst >= 3, $"the long record has {chunksOfFirst} chunks");
        Assert.Equal(119 + chunksOfFirst, recorded);
        Assert.Equal(recorded, job.PointsWritten);
        Assert.Equal(recorded, await host.Store.CountAsync(job.CollectionName));
        var info = await host.Store.GetCollectionInfoAsync(job.CollectionName);
        Assert.Equal(384, info.Config.VectorSize);

        var expected = IndexingPointIds.For(tenant, "work_items", ids[5], "content", 0);
        var point = Assert.Single(await host.Store.GetPointsAsync(job.CollectionName, [expected]));
        Assert.Equal(ids[5], point.Payload!["record_id"]!.GetValue<int>());
        Assert.Contains("alpha work item 6", point.Payload["text"]!.GetValue<string>());
        Assert.Equal(1, await host.CountAsync(
            "SELECT count(*) FROM qdrant_vectors WHERE qdrant_point_id = @p AND embedding_model = 'pulse-lexical-hashing-v1' AND embedding_provider = 'local_hashing'",
            ("p", expected)));
    }

    [Fact]
    public async Task Points_the_pipeline_writes_hydrate_in_search_as_their_source_rows()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("hydrate");
        var ids = await host.InsertWorkItemsAsync(tenant, 30, "zephyr");
        var job = await host.IndexAsync(tenant);
        Assert.Equal(IndexingJobStates.Completed, job.State);

        var point = Assert.Single(await host.Store.GetPointsAsync(job.CollectionName, [IndexingPointIds.For(tenant, "work_items", ids[6], "content", 0)]));
        Assert.Equal("work_items", point.Payload!["table_name"]!.GetValue<string>());

        var caller = new TestTenantContext(tenant, platformAdmin: false, userId: null, "analyst");
        await using var scope = host.Services.CreateAsyncScope();
        var search = ActivatorUtilities.CreateInstance<SearchService>(scope.ServiceProvider,
            host.StoreFor(tenant), caller, new PulseDbContextFactory(host.Database, caller));
        var response = await search.SearchAsync(new SearchRequest { Query = "zephyr work item 7 about release planning", Collection = job.CollectionName });

        var top = response.Hits[0];
        Assert.Equal(("work_items", ids[6]), (top.SourceTable, top.RecordId));
        Assert.StartsWith("WI-7 ·", top.SourceLabel);
        Assert.Contains("zephyr work item 7", top.Title);
        Assert.All(response.Hits, h => Assert.Equal("work_items", h.SourceTable));
    }

    [Fact]
    public async Task A_rerun_embeds_only_the_rows_that_changed_and_adds_no_points()
    {
        await using var provider = await LoopbackEmbeddings.StartAsync();
        await using var host = await IndexingTestHost.CreateAsync(postgres, provider.Resolver);
        var tenant = await host.CreateTenantAsync("rerun");
        provider.AddTenant(tenant);
        var ids = await host.InsertWorkItemsAsync(tenant, 80);
        var first = await host.IndexAsync(tenant);
        Assert.Equal(80, provider.Inputs().Count);

        await host.ExecuteAsync("UPDATE work_items SET summary = summary || ' (re-scoped)' WHERE id = ANY(@ids)", ("ids", new[] { ids[3], ids[40], ids[79] }));
        var second = await host.IndexAsync(tenant);

        var reembedded = provider.Inputs().Skip(80).ToList();
        Assert.Equal(3, reembedded.Count);
        Assert.All(reembedded, text => Assert.Contains("(re-scoped)", text));
        Assert.Equal((80, 3, 77), (second.ProcessedRows, second.EmbeddedRows, second.UnchangedRows));
        Assert.Equal(80, await host.Store.CountAsync(first.CollectionName));
        Assert.Equal(80, await host.CountAsync("SELECT count(*) FROM qdrant_vectors WHERE tenant_id = @t", ("t", tenant)));

        var third = await host.IndexAsync(tenant);
        Assert.Equal(83, provider.Inputs().Count);
        Assert.Equal((0, 80), (third.EmbeddedRows, third.UnchangedRows));
    }

    [Fact]
    public async Task Deleted_and_deactivated_rows_lose_their_points_and_bookkeeping()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("deleted");
        var ids = await host.InsertWorkItemsAsync(tenant, 40);
        var first = await host.IndexAsync(tenant);
        var gone = ids.Take(5).ToArray();
        var inactive = ids.Skip(10).Take(2).ToArray();

        await host.ExecuteAsync("DELETE FROM work_items WHERE id = ANY(@ids)", ("ids", gone));
        await host.ExecuteAsync("UPDATE work_items SET active = false WHERE id = ANY(@ids)", ("ids", inactive));
        var second = await host.IndexAsync(tenant);

        Assert.Equal(IndexingJobStates.Completed, second.State);
        Assert.Equal(7, second.DeletedRows);
        Assert.Equal(33, await host.Store.CountAsync(first.CollectionName));
        Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM qdrant_vectors WHERE record_id = ANY(@ids)", ("ids", gone.Concat(inactive).ToArray())));
        var removed = gone.Concat(inactive).Select(id => (PointId)IndexingPointIds.For(tenant, "work_items", id, "content", 0)).ToList();
        Assert.Empty(await host.Store.GetPointsAsync(first.CollectionName, removed));
    }

    [Fact]
    public async Task Content_is_indexed_with_its_hierarchy_path()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("content");
        await host.ExecuteAsync("""
            WITH leaf AS (INSERT INTO science_hierarchy (tenant_id, branch, limb, leaf) VALUES (@t, 'Physics', 'Optics', 'Lasers') RETURNING id)
            INSERT INTO content_metadata (tenant_id, hierarchy_table, leaf_id, content_type, title, content_summary)
            SELECT @t, 'science_hierarchy', id, 'Theory', 'Stimulated emission', 'Photons of equal phase amplify light.' FROM leaf
            """, ("t", tenant));

        var job = await host.IndexAsync(tenant, BuiltInSources.Content);

        Assert.Equal((IndexingJobStates.Completed, 1), (job.State, job.EmbeddedRows));
        var page = await host.Store.ScrollAsync(job.CollectionName, new ScrollRequest { Limit = 10 });
        var text = Assert.Single(page.Points).Payload!["text"]!.GetValue<string>();
        Assert.StartsWith("Science > Physics > Optics > Lasers", text);
        Assert.Contains("Theory: Stimulated emission", text);
    }

    [Fact]
    public async Task A_job_that_records_many_points_refreshes_the_bookkeeping_tables_statistics()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("stats");
        await host.InsertWorkItemsAsync(tenant, 1_200);

        var job = await host.IndexAsync(tenant);

        Assert.Equal(IndexingJobStates.Completed, job.State);
        // ANALYZE sets reltuples to the table's row count; a table never analysed says -1 and the planner guesses.
        var recorded = await host.CountAsync("SELECT count(*) FROM qdrant_vectors");
        var planned = await host.CountAsync("SELECT reltuples::bigint FROM pg_class WHERE oid = 'qdrant_vectors'::regclass");
        Assert.Equal(recorded, planned);
    }

    [Fact]
    public async Task A_page_of_content_from_several_hierarchy_tables_gets_each_rows_own_path_and_never_another_tenants_leaf()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("paths");
        var other = await host.CreateTenantAsync("paths-b");
        await host.ExecuteAsync("""
            INSERT INTO religion_hierarchy (tenant_id, branch, limb, leaf) VALUES (@t, 'Christianity', 'Protestant', 'Baptist');
            INSERT INTO science_hierarchy (tenant_id, branch, limb, leaf) VALUES (@t, 'Biology', 'Genetics', 'Heredity');
            INSERT INTO science_hierarchy (tenant_id, branch, limb, leaf) VALUES (@o, 'Secret', 'Other', 'Tenant');
            INSERT INTO content_metadata (tenant_id, hierarchy_table, leaf_id, content_type, title, content_summary) VALUES
                (@t, 'religion_hierarchy', (SELECT id FROM religion_hierarchy WHERE tenant_id = @t), 'Doctrine', 'Believer baptism', 'Immersion after confession.'),
                (@t, 'science_hierarchy', (SELECT id FROM science_hierarchy WHERE tenant_id = @t), 'Theory', 'Mendel', 'Traits pass in ratios.'),
                (@t, 'science_hierarchy', (SELECT id FROM science_hierarchy WHERE tenant_id = @o), 'Theory', 'Misfiled', 'Points at a leaf that is not ours.');
            """, ("t", tenant), ("o", other));

        var job = await host.IndexAsync(tenant, BuiltInSources.Content);

        Assert.Equal((IndexingJobStates.Completed, 3), (job.State, job.EmbeddedRows));
        var texts = (await host.Store.ScrollAsync(job.CollectionName, new ScrollRequest { Limit = 10 })).Points
            .Select(p => p.Payload!["text"]!.GetValue<string>()).ToList();
        Assert.Contains(texts, t => t.StartsWith("Religion > Christianity > Protestant > Baptist", StringComparison.Ordinal) && t.Contains("Believer baptism", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Science > Biology > Genetics > Heredity", StringComparison.Ordinal) && t.Contains("Mendel", StringComparison.Ordinal));
        var misfiled = Assert.Single(texts, t => t.Contains("Misfiled", StringComparison.Ordinal));
        Assert.DoesNotContain("Secret", misfiled, StringComparison.Ordinal);
        Assert.DoesNotContain("Tenant", misfiled, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_named_by_the_pipeline_configuration_is_indexed_with_its_template_and_a_table_without_tenant_id_is_refused()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("custom");
        var other = await host.CreateTenantAsync("custom-b");
        await host.ExecuteAsync("""
            CREATE TABLE customer_notes (id SERIAL PRIMARY KEY, tenant_id INTEGER NOT NULL, author TEXT, body TEXT, active BOOLEAN NOT NULL DEFAULT TRUE);
            CREATE TABLE shared_glossary (id SERIAL PRIMARY KEY, term TEXT);
            INSERT INTO customer_notes (tenant_id, author, body, active) VALUES
                (@t, 'Ann', 'Renewal call went well', TRUE), (@t, 'Bo', 'Churn risk flagged', FALSE), (@o, 'Cy', 'Other tenant note', TRUE);
            INSERT INTO tenant_ai_configuration (tenant_id, config_category, configuration) VALUES (@t, 'pipeline_config',
                '{"sources": [{"table": "customer_notes", "template": "Note by {author}: {body}", "collection": "notes"}, "shared_glossary"]}');
            """, ("t", tenant), ("o", other));

        var job = await host.IndexAsync(tenant, "customer_notes");

        Assert.Equal((IndexingJobStates.Completed, 1, $"client_{tenant}_notes"), (job.State, job.EmbeddedRows, job.CollectionName));
        var point = Assert.Single((await host.Store.ScrollAsync(job.CollectionName, new ScrollRequest { Limit = 10 })).Points);
        Assert.Equal("Note by Ann: Renewal call went well", point.Payload!["text"]!.GetValue<string>());

        var refused = await host.IndexAsync(tenant, "shared_glossary");
        Assert.Equal(IndexingJobStates.Failed, refused.State);
        Assert.Contains("has no 'tenant_id' column", refused.Error);
    }

    [Fact]
    public async Task A_job_for_one_tenant_never_reads_or_writes_another_tenants_rows()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var a = await host.CreateTenantAsync("iso-a");
        var b = await host.CreateTenantAsync("iso-b");
        var idsA = await host.InsertWorkItemsAsync(a, 30, "amberfox");
        await host.InsertWorkItemsAsync(b, 25, "bluewhale");

        var job = await host.IndexAsync(a);

        Assert.Equal(30, job.TotalRows);
        Assert.Equal(30, job.ProcessedRows);
        Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM qdrant_vectors WHERE tenant_id = @t", ("t", b)));
        Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM qdrant_vectors WHERE tenant_id = @t AND NOT (record_id = ANY(@ids))", ("t", a), ("ids", idsA.ToArray())));
        Assert.False(await host.Store.CollectionExistsAsync($"client_{b}_work_items"));
        Assert.Equal(0, await host.Store.CountAsync(job.CollectionName, new Filter { Must = [new MatchTextCondition("text", "bluewhale")] }));
        Assert.Equal(30, await host.Store.CountAsync(job.CollectionName, new Filter { Must = [new MatchTextCondition("text", "amberfox")] }));

        // B's ops see only B, and cannot act on A's jobs or start A's sources.
        var opsOfB = TestTenantContext.User(b, Pulse.Core.Tenancy.PulseRoles.Ops);
        var service = host.ServiceFor(opsOfB);
        Assert.All(await service.ListSourcesAsync(), s => Assert.Equal(b, s.TenantId));
        await Assert.ThrowsAsync<IndexingException>(() => service.CancelAsync(job.Id));
        await Assert.ThrowsAsync<Pulse.Core.Tenancy.TenantAccessDeniedException>(() => service.StartAsync(a, BuiltInSources.WorkItems));
        await Assert.ThrowsAsync<Pulse.Core.Tenancy.TenantAccessDeniedException>(() => service.ReconcileAsync(a));
        await Assert.ThrowsAsync<Pulse.Core.Tenancy.TenantAccessDeniedException>(() => host.ServiceFor(TestTenantContext.User(a, Pulse.Core.Tenancy.PulseRoles.Analyst)).StartAsync(a, BuiltInSources.WorkItems));
    }
}
