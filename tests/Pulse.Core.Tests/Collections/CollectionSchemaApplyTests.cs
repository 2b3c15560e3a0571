using Microsoft.EntityFrameworkCore;
using Pulse.Core.Collections.Schema;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Collections;

/// <summary>Schema diff (create / in place / rebuild) and apply over the embedded store, with versions recorded.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CollectionSchemaApplyTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private CollectionsHost _host = null!;

    public async Task InitializeAsync() => _host = await CollectionsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static CollectionSchema Schema(int version, int size = 4, string distance = "Cosine", string indexes = "color: keyword") =>
        CollectionSchemaService.Validate($"""
            schema: docs-schema
            version: {version}
            scope: tenant
            collections:
              docs:
                vector_size: {size}
                distance: {distance}
                hnsw: {"{"} m: 16, ef_construct: 100 {"}"}
                payload_indexes:
                  {indexes}
            """).Schema ?? throw new InvalidOperationException("test schema is invalid");

    [Fact]
    public async Task Applying_a_new_schema_creates_a_versioned_collection_behind_an_alias_and_records_the_version()
    {
        var schemas = _host.AsOps(_host.TenantA).Get<CollectionSchemaService>();
        var alias = $"client_{_host.TenantA}_docs";

        var plan = await schemas.DiffAsync(Schema(1));
        Assert.Equal(SchemaChangeKind.Create, Assert.Single(plan.Changes).Kind);
        await schemas.ApplyAsync(Schema(1));

        Assert.Equal([alias + "_v1"], (await _host.Store.ListAliasesAsync()).Where(a => a.AliasName == alias).Select(a => a.CollectionName));
        Assert.Equal(PayloadFieldType.Keyword, (await _host.Store.GetCollectionInfoAsync(alias)).PayloadSchema["color"]);
        Assert.True((await schemas.DiffAsync(Schema(1))).IsUpToDate);
        var history = await schemas.HistoryAsync(alias);
        Assert.Equal(("docs-schema", 1, alias + "_v1"), (history[0].SchemaName, history[0].Version, history[0].PhysicalName));
        await using var db = _host.AdminDb();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "collection.schema.apply"));
    }

    [Fact]
    public async Task A_new_payload_index_is_an_in_place_change_and_a_new_distance_is_a_rebuild()
    {
        var schemas = _host.AsOps(_host.TenantA).Get<CollectionSchemaService>();
        await schemas.ApplyAsync(Schema(1));

        var inPlace = Assert.Single((await schemas.DiffAsync(Schema(2, indexes: "color: keyword\n      n: integer"))).Changes);
        var rebuild = Assert.Single((await schemas.DiffAsync(Schema(2, distance: "Dot"))).Changes);

        Assert.Equal(SchemaChangeKind.InPlace, inPlace.Kind);
        Assert.Equal(["Create payload index n (integer)."], inPlace.Details);
        Assert.Equal(SchemaChangeKind.Rebuild, rebuild.Kind);
        Assert.Equal("Distance Cosine → Dot needs a rebuild.", rebuild.Details[0]);
    }

    [Fact]
    public async Task A_rebuild_copies_the_points_and_switches_the_alias_while_searches_keep_answering()
    {
        var schemas = _host.AsOps(_host.TenantA).Get<CollectionSchemaService>();
        await schemas.ApplyAsync(Schema(1));
        var alias = $"client_{_host.TenantA}_docs";
        await _host.Store.UpsertAsync(alias, [.. Enumerable.Range(1, 600).Select(i => new VectorPoint((ulong)i, [1, i % 5, 2, 1]))]);

        using var stop = new CancellationTokenSource();
        var failures = 0;
        var searches = 0;
        var searching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var hits = await _host.Store.QueryAsync(alias, new VectorQuery([1, 1, 1, 1]) { Limit = 3 });
                    if (hits.Count != 3) Interlocked.Increment(ref failures);
                }
                catch (VectorStoreException)
                {
                    Interlocked.Increment(ref failures);
                }

                Interlocked.Increment(ref searches);
            }
        });
        var progress = new List<string>();
        await schemas.ApplyAsync(Schema(2, distance: "Euclid"), new SyncProgress(progress));
        await Task.Delay(50);
        await stop.CancelAsync();
        await searching;

        Assert.Equal(0, failures);
        Assert.True(searches > 0);
        var info = await _host.Store.GetCollectionInfoAsync(alias);
        Assert.Equal((alias + "_v2", Distance.Euclid, 600L), (info.Name, info.Config.Distance, info.PointsCount));
        Assert.True(await _host.Store.CollectionExistsAsync(alias + "_v1"));
        Assert.Contains(progress, p => p.Contains("copied 600 points"));
    }

    [Fact]
    public async Task A_dimension_change_over_existing_vectors_is_refused_before_anything_changes_and_analysts_cannot_apply()
    {
        var schemas = _host.AsOps(_host.TenantA).Get<CollectionSchemaService>();
        await schemas.ApplyAsync(Schema(1));
        var alias = $"client_{_host.TenantA}_docs";
        await _host.Store.UpsertAsync(alias, [new VectorPoint(1UL, [1, 2, 3, 4])]);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => schemas.ApplyAsync(Schema(2, size: 8)));
        var analyst = _host.AsAnalyst(_host.TenantA).Get<CollectionSchemaService>();
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => analyst.ApplyAsync(Schema(3)));

        Assert.StartsWith($"'{alias}' holds 1 vectors that no source fills", refused.Message);
        Assert.EndsWith("Nothing was changed.", refused.Message);
        Assert.False(await _host.Store.CollectionExistsAsync(alias + "_v2"));
        Assert.Equal(4, (await _host.Store.GetCollectionInfoAsync(alias)).Config.VectorSize);
    }

    private sealed class SyncProgress(List<string> sink) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}
