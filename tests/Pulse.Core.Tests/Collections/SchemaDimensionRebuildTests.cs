using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Collections.Schema;
using Pulse.Core.Data;
using Pulse.Core.Indexing;
using Pulse.Core.Providers;
using Pulse.Core.Providers.Local;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.Tests.Indexing;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Collections;

/// <summary>
/// A schema's new vector dimension over a pipeline-indexed collection: the rows are re-embedded into a new physical
/// collection with the tenant's default integration and the alias switched, over a real PostgreSQL and embedded store.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaDimensionRebuildTests(PostgresServerFixture postgres)
{
    private const int Rows = 1_200; // three read pages of 500, so progress comes per page
    private const int Wide = -384;
    private const int Narrow = -256;

    private static CollectionSchema Schema(int version, int size) => CollectionSchemaService.Validate($"""
        schema: work-items
        version: {version}
        scope: tenant
        collections:
          work_items:
            vector_size: {size}
            distance: Cosine
            payload_indexes:
              record_id: integer
        """).Schema ?? throw new InvalidOperationException("test schema is invalid");

    [Fact]
    public async Task A_new_dimension_re_embeds_every_source_row_into_a_new_collection_and_switches_the_alias()
    {
        var (host, resolver, tenant, alias) = await IndexedAsync("rebuild");
        await using var _ = host;
        resolver.SetDefault(tenant, ProviderSubtype.Embedding, Narrow);
        var schemas = SchemasFor(host, tenant);

        var diff = Assert.Single((await schemas.DiffAsync(Schema(2, 256))).Changes);
        var progress = new SyncProgress();
        await schemas.ApplyAsync(Schema(2, 256), progress);

        Assert.Equal(SchemaChangeKind.Rebuild, diff.Kind);
        Assert.Contains($"re-embedded from work_items ({Rows:N0} rows) with 'Lexical 256' (256 dims)", diff.Details[^1]);
        Assert.Equal([alias + "_v2"], (await host.Store.ListAliasesAsync()).Where(a => a.AliasName == alias).Select(a => a.CollectionName));
        var info = await host.Store.GetCollectionInfoAsync(alias);
        Assert.Equal((alias + "_v2", 256, (long)Rows), (info.Name, info.Config.VectorSize, info.PointsCount));
        var points = await AllPointsAsync(host.Store, alias);
        Assert.Equal(Rows, points.Select(p => p.Payload!["record_id"]!.GetValue<int>()).Distinct().Count());
        Assert.All(points, p => Assert.Equal(256, p.Vector!.Length));
        var old = await host.Store.GetCollectionInfoAsync(alias + "_v1");
        Assert.Equal((384, (long)Rows), (old.Config.VectorSize, old.PointsCount));
        Assert.Equal(
            [$"{alias}: re-embedded 500 of 1,200 rows into {alias}_v2", $"{alias}: re-embedded 1,000 of 1,200 rows into {alias}_v2", $"{alias}: re-embedded 1,200 of 1,200 rows into {alias}_v2"],
            progress.Lines.Where(l => l.Contains("re-embedded", StringComparison.Ordinal)));

        // The ledger describes what the alias points at, so reconcile finds nothing, and the next job finds every row unchanged.
        var report = await host.Services.GetRequiredService<VectorReconciler>().ReconcileAsync(tenant);
        Assert.Equal(((long)Rows, (long)Rows, 0, 0, 0), (report.RecordedPoints, report.StoredPoints, report.Missing, report.Orphans, report.StaleModel));
        var again = await host.IndexAsync(tenant);
        Assert.Equal((IndexingJobStates.Completed, Rows, 0), (again.State, again.UnchangedRows, again.EmbeddedRows));

        var ids = await host.CountAsync("SELECT min(id) + 6 FROM work_items WHERE tenant_id = @t", ("t", tenant));
        var response = await SearchAsync(host, tenant, alias, "rebuild work item 7 about release planning", Narrow);
        Assert.Equal(("work_items", (int)ids, 256), (response.Hits[0].SourceTable, response.Hits[0].RecordId, response.Dimension));
        var history = await schemas.HistoryAsync(alias);
        Assert.Equal((2, alias + "_v2"), (history[0].Version, history[0].PhysicalName));
    }

    [Fact]
    public async Task Searches_running_during_the_rebuild_never_fail()
    {
        var (host, resolver, tenant, alias) = await IndexedAsync("during");
        await using var _ = host;
        resolver.SetDefault(tenant, ProviderSubtype.Embedding, Narrow);
        var schemas = SchemasFor(host, tenant);
        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var (before, after) = (0, 0);
        var firstPage = new TaskCompletionSource();
        var searching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    // As the search page does: the integration that matches the collection's dimension as it is now.
                    var dimension = (await host.Store.GetCollectionInfoAsync(alias)).Config.VectorSize;
                    var response = await SearchAsync(host, tenant, alias, "during work item 12 about release planning", dimension == 384 ? Wide : Narrow);
                    if (response.Hits.Count == 0) lock (failures) failures.Add("no hits");
                    if (response.Dimension == 384) Interlocked.Increment(ref before); else Interlocked.Increment(ref after);
                }
                catch (Exception ex) when (ex is SearchFailedException or ValidationFailedException or VectorStoreException)
                {
                    lock (failures) failures.Add(ex.Message);
                }
            }
        });

        // The first page's report waits for searches to have run against the old collection mid-rebuild.
        var progress = new SyncProgress(line =>
        {
            if (line.Contains("re-embedded 500 ", StringComparison.Ordinal) && !SpinWait.SpinUntil(() => Volatile.Read(ref before) >= 5, TimeSpan.FromSeconds(30)))
                throw new TimeoutException("no search ran during the rebuild");
        });
        await schemas.ApplyAsync(Schema(2, 256), progress);
        SpinWait.SpinUntil(() => Volatile.Read(ref after) >= 3, TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await searching;

        Assert.Empty(failures);
        Assert.True(before >= 5, $"{before} searches ran on the old collection");
        Assert.True(after >= 3, $"{after} searches ran on the new collection");
        Assert.Equal(alias + "_v2", (await host.Store.GetCollectionInfoAsync(alias)).Name);
    }

    [Fact]
    public async Task Cancelling_mid_way_leaves_the_alias_and_the_ledger_on_the_old_collection()
    {
        var (host, resolver, tenant, alias) = await IndexedAsync("cancel");
        await using var _ = host;
        resolver.SetDefault(tenant, ProviderSubtype.Embedding, Narrow);
        var schemas = SchemasFor(host, tenant);
        using var cancel = new CancellationTokenSource();
        var progress = new SyncProgress(line =>
        {
            if (line.Contains("re-embedded 500 ", StringComparison.Ordinal)) cancel.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => schemas.ApplyAsync(Schema(2, 256), progress, cancel.Token));

        Assert.Equal([alias + "_v1"], (await host.Store.ListAliasesAsync()).Where(a => a.AliasName == alias).Select(a => a.CollectionName));
        Assert.Equal((384, (long)Rows), ((await host.Store.GetCollectionInfoAsync(alias)).Config.VectorSize, (await host.Store.GetCollectionInfoAsync(alias)).PointsCount));
        Assert.False(await host.Store.CollectionExistsAsync(alias + "_v2"));
        Assert.True((await host.Services.GetRequiredService<VectorReconciler>().ReconcileAsync(tenant)) is { Missing: 0, Orphans: 0 });
        var job = await host.CountAsync("SELECT count(*) FROM indexing_jobs WHERE tenant_id = @t AND state = 'cancelled' AND processed_rows = 500", ("t", tenant));
        Assert.Equal(1, job);
        Assert.Empty(await schemas.HistoryAsync(alias + "_v2"));

        // Nothing half-switched: the same version applies cleanly afterwards.
        await schemas.ApplyAsync(Schema(2, 256));
        Assert.Equal((alias + "_v2", (long)Rows), ((await host.Store.GetCollectionInfoAsync(alias)).Name, (await host.Store.GetCollectionInfoAsync(alias)).PointsCount));
    }

    [Fact]
    public async Task An_indexing_job_already_active_for_the_source_stops_the_rebuild_before_anything_switches()
    {
        var (host, resolver, tenant, alias) = await IndexedAsync("busy");
        await using var _ = host;
        resolver.SetDefault(tenant, ProviderSubtype.Embedding, Narrow);
        var queued = await host.QueueAsync(tenant);

        var stopped = await Assert.ThrowsAsync<CollectionRebuildException>(() => SchemasFor(host, tenant).ApplyAsync(Schema(2, 256)));

        Assert.Equal(
            $"'{alias}' was not rebuilt: An indexing job for Work items is queued, running or paused; wait for it to finish (or cancel it on the Indexing page), then apply again. The alias still points at {alias}_v1; nothing was switched.",
            stopped.Message);
        Assert.Equal(alias + "_v1", (await host.Store.GetCollectionInfoAsync(alias)).Name);
        Assert.False(await host.Store.CollectionExistsAsync(alias + "_v2"));
        Assert.Equal(IndexingJobStates.Queued, (await host.JobAsync(queued)).State);
        Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM indexing_jobs WHERE tenant_id = @t AND requested_by LIKE 'schema rebuild%'", ("t", tenant)));
    }

    [Fact]
    public async Task Vectors_without_source_rows_are_refused_and_nothing_changes()
    {
        var (host, _, tenant, _) = await IndexedAsync("refuse");
        await using var __ = host;
        var schemas = SchemasFor(host, tenant);
        var bare = $"client_{tenant}_notes";
        await schemas.ApplyAsync(CollectionSchemaService.Validate("schema: notes\nversion: 1\nscope: tenant\ncollections:\n  notes:\n    vector_size: 8\n").Schema!);
        await host.Store.UpsertAsync(bare, [new VectorPoint(1UL, [1, 0, 0, 0, 0, 0, 0, 1]), new VectorPoint(2UL, [0, 1, 0, 0, 0, 0, 0, 1])]);
        var wider = CollectionSchemaService.Validate("schema: notes\nversion: 2\nscope: tenant\ncollections:\n  notes:\n    vector_size: 16\n").Schema!;

        var diff = Assert.Single((await schemas.DiffAsync(wider)).Changes);
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => schemas.ApplyAsync(wider));

        Assert.False(diff.Reindex!.CanRun);
        Assert.Contains("holds 2 vectors that no source fills", diff.Details[^1]);
        Assert.Equal(diff.Reindex.Refusal, refused.Message);
        Assert.EndsWith("Nothing was changed.", refused.Message);
        Assert.False(await host.Store.CollectionExistsAsync(bare + "_v2"));
        var info = await host.Store.GetCollectionInfoAsync(bare);
        Assert.Equal((bare + "_v1", 8, 2L), (info.Name, info.Config.VectorSize, info.PointsCount));
        Assert.Equal(1, Assert.Single(await schemas.HistoryAsync(bare)).Version);
    }

    [Fact]
    public async Task A_default_integration_of_another_size_is_refused_naming_the_size_needed_and_the_integrations()
    {
        var (host, _, tenant, alias) = await IndexedAsync("wrongsize");
        await using var _ = host;
        var schemas = SchemasFor(host, tenant);
        await host.ExecuteAsync("""
            INSERT INTO integrations (tenant_id, integration_type, integration_subtype, provider, integration_name, model_config)
            VALUES (@t, 'ai_provider', 'embedding', 'openai', 'Stored large', '{"model": "text-embedding-3-large", "dimension": 3072}')
            """, ("t", tenant));

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => schemas.ApplyAsync(Schema(2, 512)));
        var wider = await Assert.ThrowsAsync<ValidationFailedException>(() => schemas.ApplyAsync(Schema(2, 3072)));

        Assert.StartsWith($"Re-embedding '{alias}' needs 512-dimensional vectors from the tenant's default embedding integration", refused.Message);
        Assert.Contains("the default, 'Lexical 384', yields 384 dims", refused.Message);
        Assert.Contains("'Stored large' (text-embedding-3-large, 3072 dims)", refused.Message);
        Assert.Contains($"'{LocalHashingEmbedder.DisplayLabel}' (pulse-lexical-hashing-v1, 384 dims)", refused.Message);
        Assert.Contains("the built-in lexical embedder can be added as an integration of any size from 8 to 16,384 dimensions", refused.Message);
        Assert.Contains("Make 'Stored large' the default embedding integration, then apply again.", wider.Message);
        Assert.Equal(alias + "_v1", (await host.Store.GetCollectionInfoAsync(alias)).Name);
        Assert.False(await host.Store.CollectionExistsAsync(alias + "_v2"));
        Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM indexing_jobs WHERE tenant_id = @t AND requested_by LIKE 'schema rebuild%'", ("t", tenant)));
    }

    [Fact]
    public async Task A_platform_collection_with_vectors_is_refused_because_it_has_no_source_rows()
    {
        var (host, _, _, _) = await IndexedAsync("platform");
        await using var __ = host;
        var name = $"models_{Guid.NewGuid():N}"[..20];
        var admin = TestTenantContext.Admin();
        var schemas = new CollectionSchemaService(new TenantVectorStore(host.Store, admin), admin, new PulseDbContextFactory(host.Database, admin),
            host.Services.GetRequiredService<CollectionReindexer>());
        await schemas.ApplyAsync(CollectionSchemaService.Validate($"schema: m\nversion: 1\nscope: platform\ncollections:\n  {name}:\n    vector_size: 8\n").Schema!);
        await host.Store.UpsertAsync(name, [new VectorPoint(1UL, [1, 0, 0, 0, 0, 0, 0, 1])]);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            schemas.ApplyAsync(CollectionSchemaService.Validate($"schema: m\nversion: 2\nscope: platform\ncollections:\n  {name}:\n    vector_size: 4\n").Schema!));

        Assert.StartsWith($"'{name}' is a platform collection: its 1 vectors have no source rows", refused.Message);
        Assert.Equal((name + "_v1", 8), ((await host.Store.GetCollectionInfoAsync(name)).Name, (await host.Store.GetCollectionInfoAsync(name)).Config.VectorSize));
        Assert.False(await host.Store.CollectionExistsAsync(name + "_v2"));
    }

    [Fact]
    public async Task The_content_collection_is_re_embedded_from_content_metadata()
    {
        var (host, resolver, tenant, _) = await IndexedAsync("content");
        await using var _ = host;
        await host.ExecuteAsync("INSERT INTO science_hierarchy (tenant_id, branch, limb, leaf) VALUES (@t, 'Physics', 'Optics', 'Lasers')", ("t", tenant));
        await host.ExecuteAsync("""
            INSERT INTO content_metadata (tenant_id, hierarchy_table, leaf_id, content_type, chunk_number, title, content_summary)
            SELECT @t, 'science_hierarchy', (SELECT id FROM science_hierarchy WHERE tenant_id = @t), 'Theory', i, 'Laser note ' || i, 'Stimulated emission, part ' || i
            FROM generate_series(1, 40) AS i
            """, ("t", tenant));
        await using (var scope = host.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ContentCollectionBuilder>().EnsureAsync(tenant));
        var content = CollectionNames.ForTenant(tenant, ContentCollectionBuilder.LogicalName);
        resolver.SetDefault(tenant, ProviderSubtype.Embedding, Narrow);
        var schemas = SchemasFor(host, tenant);
        var schema = CollectionSchemaService.Validate("schema: content\nversion: 1\nscope: tenant\ncollections:\n  content:\n    vector_size: 256\n    payload_indexes:\n      content_id: integer\n").Schema!;

        var diff = Assert.Single((await schemas.DiffAsync(schema)).Changes);
        var progress = new SyncProgress();
        await schemas.ApplyAsync(schema, progress);

        Assert.Contains("re-embedded from content_metadata (40 rows) with 'Lexical 256' (256 dims)", diff.Details[^1]);
        Assert.Contains(diff.Details, d => d.Contains("is a collection, not an alias", StringComparison.Ordinal));
        var info = await host.Store.GetCollectionInfoAsync(content);
        Assert.Equal((content + "_v1", 256, 40L), (info.Name, info.Config.VectorSize, info.PointsCount));
        Assert.Contains($"{content}: re-embedded 40 of 40 rows into {content}_v1", progress.Lines);
        var points = await AllPointsAsync(host.Store, content);
        Assert.Equal(40, points.Select(p => p.Payload!["content_id"]!.GetValue<int>()).Distinct().Count());
        Assert.All(points, p => Assert.Equal(("Lasers", 256), (p.Payload!["leaf"]!.GetValue<string>(), p.Vector!.Length)));
        var response = await SearchAsync(host, tenant, content, "Laser note 17 stimulated emission part 17", Narrow);
        Assert.Equal(("content_metadata", "Laser note 17 (part 17)"), (response.Hits[0].SourceTable, response.Hits[0].Title));
        Assert.Equal(0, await host.CountAsync("SELECT count(*) FROM indexing_jobs WHERE tenant_id = @t AND requested_by LIKE 'schema rebuild%'", ("t", tenant)));
    }

    /// <summary>A tenant whose work items are indexed at 384 dimensions into <c>work_items_v1</c> behind the alias, with a 256-dimension integration on the side.</summary>
    private async Task<(IndexingTestHost Host, InMemoryIntegrationChainResolver Resolver, int Tenant, string Alias)> IndexedAsync(string marker)
    {
        var resolver = new InMemoryIntegrationChainResolver();
        var host = await IndexingTestHost.CreateAsync(postgres, resolver);
        var tenant = await host.CreateTenantAsync(marker);
        resolver.Add(tenant, LocalHashingEmbedder.CreateSpec(384, Wide, "Lexical 384"));
        resolver.Add(tenant, LocalHashingEmbedder.CreateSpec(256, Narrow, "Lexical 256"));
        await host.InsertWorkItemsAsync(tenant, Rows, marker);
        await SchemasFor(host, tenant).ApplyAsync(Schema(1, 384));
        var job = await host.IndexAsync(tenant);
        Assert.Equal((IndexingJobStates.Completed, Rows), (job.State, job.EmbeddedRows));
        return (host, resolver, tenant, $"client_{tenant}_work_items");
    }

    private static CollectionSchemaService SchemasFor(IndexingTestHost host, int tenant)
    {
        var ops = new TestTenantContext(tenant, false, "ops-user", PulseRoles.Ops);
        return new CollectionSchemaService(new TenantVectorStore(host.Store, ops), ops, new PulseDbContextFactory(host.Database, ops),
            host.Services.GetRequiredService<CollectionReindexer>());
    }

    private static async Task<SearchResponse> SearchAsync(IndexingTestHost host, int tenant, string collection, string query, int integration)
    {
        var caller = new TestTenantContext(tenant, false, null, PulseRoles.Analyst);
        await using var scope = host.Services.CreateAsyncScope();
        var search = ActivatorUtilities.CreateInstance<SearchService>(scope.ServiceProvider, host.StoreFor(tenant), caller, new PulseDbContextFactory(host.Database, caller));
        return await search.SearchAsync(new SearchRequest { Query = query, Collection = collection, IntegrationId = integration, Limit = 5 });
    }

    private static async Task<List<PointRecord>> AllPointsAsync(IVectorStore store, string collection)
    {
        var points = new List<PointRecord>();
        PointId? offset = null;
        do
        {
            var page = await store.ScrollAsync(collection, new ScrollRequest { Offset = offset, Limit = 500, WithVector = true });
            points.AddRange(page.Points);
            offset = page.NextOffset;
        }
        while (offset is not null);
        return points;
    }

    private sealed class SyncProgress(Action<string>? onReport = null) : IProgress<string>
    {
        public List<string> Lines { get; } = [];

        public void Report(string value)
        {
            lock (Lines) Lines.Add(value);
            onReport?.Invoke(value);
        }
    }
}
