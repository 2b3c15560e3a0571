using Pulse.Core.Indexing;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Indexing;

/// <summary>The reconciler on real PostgreSQL and the embedded store: each kind of drift found, then repaired.</summary>
[Collection(PostgresCollection.Name)]
public sealed class VectorReconcilerTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task The_reconciler_finds_missing_orphan_and_stale_points_and_repair_fixes_them()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var tenant = await host.CreateTenantAsync("drift");
        var ids = await host.InsertWorkItemsAsync(tenant, 30);
        var job = await host.IndexAsync(tenant);
        var admin = host.ServiceFor(TestTenantContext.Admin());
        Assert.True((await admin.ReconcileAsync(tenant)).IsClean);

        // Drift of each kind: two points lost from the store, one stray point, one row made by an older model.
        var lost = new[] { ids[2], ids[9] }.Select(id => (PointId)IndexingPointIds.For(tenant, "work_items", id, "content", 0)).ToList();
        await host.Store.DeletePointsAsync(job.CollectionName, PointSelector.Ids(lost));
        var stray = Guid.NewGuid();
        await host.Store.UpsertAsync(job.CollectionName, [new VectorPoint(stray, Enumerable.Repeat(0.05f, 384).ToArray())]);
        await host.ExecuteAsync("UPDATE qdrant_vectors SET embedding_model = 'old-model-v0' WHERE record_id = @id", ("id", ids[20]));

        var report = await admin.ReconcileAsync(tenant);

        Assert.Equal((2, 1, 1), (report.Missing, report.Orphans, report.StaleModel));
        Assert.Equal(30, report.RecordedPoints);
        Assert.Equal(29, report.StoredPoints);
        Assert.Equal(lost.Select(p => p.Uuid).Order(), report.Samples.Where(s => s.Kind == DriftKind.Missing).Select(s => s.PointId).Order());
        Assert.Equal(stray, Assert.Single(report.Samples, s => s.Kind == DriftKind.Orphan).PointId);
        Assert.Equal(ids[20], Assert.Single(report.Samples, s => s.Kind == DriftKind.StaleModel).RecordId);

        var repair = await admin.RepairAsync(tenant);
        Assert.Equal((1, 3), (repair.OrphansDeleted, repair.RecordsMarkedForReindex));
        Assert.Equal(["work_items"], repair.TablesQueued);
        var repairJob = (await admin.ListJobsAsync(tenant, "work_items")).First();
        Assert.True(await host.Executor.TryRunAsync(repairJob.Id, default));
        var done = await host.JobAsync(repairJob.Id);
        Assert.Equal((IndexingJobStates.Completed, 3, 27), (done.State, done.EmbeddedRows, done.UnchangedRows));

        var after = await admin.ReconcileAsync(tenant);
        Assert.True(after.IsClean, $"missing {after.Missing}, orphans {after.Orphans}, stale {after.StaleModel}");
        Assert.Equal(30, after.StoredPoints);
    }

    [Fact]
    public async Task The_reconciler_only_looks_at_the_tenants_own_collections()
    {
        await using var host = await IndexingTestHost.CreateAsync(postgres);
        var a = await host.CreateTenantAsync("rec-a");
        var b = await host.CreateTenantAsync("rec-b");
        await host.InsertWorkItemsAsync(a, 5);
        await host.InsertWorkItemsAsync(b, 7);
        await host.IndexAsync(a);
        var jobB = await host.IndexAsync(b);
        await host.Store.UpsertAsync(jobB.CollectionName, [new VectorPoint(Guid.NewGuid(), Enumerable.Repeat(0.1f, 384).ToArray())]);

        var reportA = await host.ServiceFor(TestTenantContext.Admin()).ReconcileAsync(a);
        var reportB = await host.ServiceFor(TestTenantContext.Admin()).ReconcileAsync(b);

        Assert.True(reportA.IsClean);
        Assert.Equal((5, 5), (reportA.RecordedPoints, reportA.StoredPoints));
        Assert.All(reportA.Collections, c => Assert.StartsWith($"client_{a}_", c));
        Assert.Equal(1, reportB.Orphans);
    }
}
