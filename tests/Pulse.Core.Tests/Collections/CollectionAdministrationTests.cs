using Microsoft.EntityFrameworkCore;
using Pulse.Core.Collections;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;
using static Pulse.Core.VectorStore.Filters.Condition;
using Filter = Pulse.Core.VectorStore.Filters.Filter;

namespace Pulse.Core.Tests.Collections;

/// <summary>What ops do to collections, over the embedded store, each change audited.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CollectionAdministrationTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private CollectionsHost _host = null!;

    public async Task InitializeAsync() => _host = await CollectionsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Ops_create_a_collection_with_its_settings_and_bad_numbers_are_named()
    {
        var admin = _host.AsOps(_host.TenantA).Get<CollectionAdministration>();

        var name = await admin.CreateAsync(new CreateCollectionRequest { Name = "articles", VectorSize = 16, Distance = Distance.Dot, HnswM = 32, EfConstruct = 200, OnDisk = true });
        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => admin.CreateAsync(new CreateCollectionRequest { Name = "x", VectorSize = 0 }));
        var badName = await Assert.ThrowsAsync<VectorStoreException>(() => admin.CreateAsync(new CreateCollectionRequest { Name = "has space" }));

        var info = await _host.Store.GetCollectionInfoAsync(name);
        Assert.Equal((16, Distance.Dot, 32, 200), (info.Config.VectorSize, info.Config.Distance, info.Config.Hnsw!.M, info.Config.Hnsw.EfConstruct!.Value));
        Assert.Contains("Vector size 0 is out of range", invalid.Message);
        Assert.Contains("letters, digits", badName.Message);
        await using var db = _host.AdminDb();
        Assert.True(await db.AuditLog.AnyAsync(a => a.Action == "collection.create" && a.Target == name && a.TenantId == _host.TenantA));
    }

    [Fact]
    public async Task Dropping_needs_the_exact_name_typed_and_then_removes_the_collection()
    {
        var name = await _host.SeedAsync(_host.TenantA, "old", 3);
        var admin = _host.AsOps(_host.TenantA).Get<CollectionAdministration>();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => admin.DropAsync(name, "old"));
        Assert.True(await _host.Store.CollectionExistsAsync(name));
        Assert.Contains($"Type the collection name '{name}'", refused.Message);

        await admin.DropAsync(name, name);
        Assert.False(await _host.Store.CollectionExistsAsync(name));
    }

    [Fact]
    public async Task Snapshots_are_taken_listed_downloaded_restored_and_deleted()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 10);
        var admin = _host.AsOps(_host.TenantA).Get<CollectionAdministration>();

        var snapshot = await admin.CreateSnapshotAsync(name);
        await _host.Store.DeletePointsAsync(name, PointSelector.Ids(1UL, 2UL));
        Assert.Contains(await admin.ListSnapshotsAsync(name), s => s.Name == snapshot.Name);
        await using (var download = await admin.OpenSnapshotAsync(name, snapshot.Name))
        {
            using var copy = new MemoryStream();
            await download.CopyToAsync(copy);
            Assert.Equal(snapshot.SizeBytes, copy.Length);
        }

        await admin.RestoreSnapshotAsync(name, snapshot.Name);
        Assert.Equal(10, await _host.Store.CountAsync(name));
        Assert.True(await admin.DeleteSnapshotAsync(name, snapshot.Name));
        Assert.Empty(await admin.ListSnapshotsAsync(name));
    }

    [Fact]
    public async Task An_alias_switches_atomically_from_one_collection_to_another()
    {
        var first = await _host.SeedAsync(_host.TenantA, "v1", 3);
        var second = await _host.SeedAsync(_host.TenantA, "v2", 7);
        var admin = _host.AsOps(_host.TenantA).Get<CollectionAdministration>();
        var alias = $"client_{_host.TenantA}_live";

        await admin.CreateAliasAsync("live", first);
        Assert.Equal(3, await _host.Store.CountAsync(alias));
        var duplicate = await Assert.ThrowsAsync<ValidationFailedException>(() => admin.CreateAliasAsync("live", second));
        await admin.SwitchAliasAsync(alias, second);

        Assert.Contains("Switch", duplicate.Message);
        Assert.Equal(7, await _host.Store.CountAsync(alias));
        Assert.Equal([second], (await _host.Store.ListAliasesAsync()).Where(a => a.AliasName == alias).Select(a => a.CollectionName));
        await admin.DeleteAliasAsync(alias);
        Assert.DoesNotContain(await _host.Store.ListAliasesAsync(), a => a.AliasName == alias);
    }

    [Fact]
    public async Task Searches_through_an_alias_never_fail_while_ops_switch_it_back_and_forth()
    {
        var first = await _host.SeedAsync(_host.TenantA, "blue_side", 30);
        var second = await _host.SeedAsync(_host.TenantA, "green_side", 40);
        var admin = _host.AsOps(_host.TenantA).Get<CollectionAdministration>();
        var reader = _host.Get<CollectionBrowser>();
        await admin.CreateAliasAsync("serving", first);
        var alias = $"client_{_host.TenantA}_serving";

        using var stop = new CancellationTokenSource();
        var failures = new List<string>();
        var answered = new HashSet<long>();
        var searchers = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var page = await reader.BrowseAsync(alias, null, null, 5);
                    var hits = await _host.Store.QueryAsync(alias, new VectorQuery([1, 1, 1, 1]) { Limit = 3 });
                    lock (answered)
                    {
                        answered.Add(page.MatchingCount);
                        if (hits.Count != 3 || page.Points.Count != 5) failures.Add($"{hits.Count} hits, {page.Points.Count} points");
                    }
                }
                catch (VectorStoreException ex)
                {
                    lock (answered) failures.Add(ex.Message);
                }
            }
        })).ToList();

        for (var i = 0; i < 20; i++)
        {
            await admin.SwitchAliasAsync(alias, i % 2 == 0 ? second : first);
            await Task.Delay(5);
        }

        await stop.CancelAsync();
        await Task.WhenAll(searchers);

        Assert.Empty(failures);
        Assert.Subset(new HashSet<long> { 30, 40 }, answered);
        Assert.Equal(first, (await _host.Store.ListAliasesAsync()).Single(a => a.AliasName == alias).CollectionName);
        await using var db = _host.AdminDb();
        Assert.Equal(20, await db.AuditLog.CountAsync(a => a.Action == "collection.alias.switch" && a.Target == alias));
    }

    [Fact]
    public async Task Points_are_deleted_by_selection_or_by_a_filter_only_when_the_confirmed_count_still_holds()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 30);
        var admin = _host.AsOps(_host.TenantA).Get<CollectionAdministration>();
        var red = Filter.All(Match("color", "red"));

        Assert.Equal(2, await admin.DeletePointsAsync(name, [1UL, 2UL, 999UL]));
        var stale = await Assert.ThrowsAsync<ValidationFailedException>(() => admin.DeleteByFilterAsync(name, red, confirmedCount: 99));
        Assert.Equal(28, await _host.Store.CountAsync(name));
        var deleted = await admin.DeleteByFilterAsync(name, red, confirmedCount: 10);
        var everything = await Assert.ThrowsAsync<ValidationFailedException>(() => admin.DeleteByFilterAsync(name, new Filter(), 18));

        Assert.Contains("now matches 10 points, not the 99", stale.Message);
        Assert.Equal(10, deleted);
        Assert.Equal(18, await _host.Store.CountAsync(name));
        Assert.Contains("drop the collection", everything.Message);
        await using var db = _host.AdminDb();
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "collection.points.delete"));
    }
}
