using Pulse.Core.Collections;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Collections;

/// <summary>Tenancy and roles are security boundaries: the services refuse, not only the page.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CollectionTenancyTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private CollectionsHost _host = null!;

    public async Task InitializeAsync() => _host = await CollectionsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Tenant_A_cannot_list_read_drop_or_download_a_snapshot_of_tenant_Bs_collection()
    {
        var theirs = await _host.SeedAsync(_host.TenantB, "secret", 5);
        var snapshot = await _host.Store.CreateSnapshotAsync(theirs);
        _host.AsOps(_host.TenantA);
        var browser = _host.Get<CollectionBrowser>();
        var admin = _host.Get<CollectionAdministration>();

        Assert.DoesNotContain(await browser.ListAsync(), r => r.Name == theirs);
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => browser.GetAsync(theirs));
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => browser.BrowseAsync(theirs, null, null, 10));
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => browser.FacetAsync(theirs, "color"));
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => admin.DropAsync(theirs, theirs));
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => admin.OpenSnapshotAsync(theirs, snapshot.Name));
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => admin.CreateAliasAsync($"client_{_host.TenantA}_peek", theirs));

        Assert.Equal(5, await _host.Store.CountAsync(theirs));
    }

    [Fact]
    public async Task An_analyst_is_refused_every_change_by_the_service()
    {
        var name = await _host.SeedAsync(_host.TenantA, "docs", 5);
        var snapshot = await _host.Store.CreateSnapshotAsync(name);
        var admin = _host.AsAnalyst(_host.TenantA).Get<CollectionAdministration>();

        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.CreateAsync(new CreateCollectionRequest { Name = "new" }));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.DropAsync(name, name));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.CreatePayloadIndexAsync(name, "n", PayloadFieldType.Integer));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.CreateSnapshotAsync(name));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.RestoreSnapshotAsync(name, snapshot.Name));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.OpenSnapshotAsync(name, snapshot.Name));
        await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.DeletePointsAsync(name, [1UL]));
        var error = await Assert.ThrowsAsync<TenantAccessDeniedException>(() => admin.CreateAliasAsync("latest", name));

        Assert.Contains("read-only", error.Message);
        Assert.Equal(5, await _host.Store.CountAsync(name));
        Assert.True(await _host.Store.CollectionExistsAsync(name));
    }

    [Fact]
    public async Task A_tenant_ops_user_creates_collections_only_under_their_own_prefix()
    {
        var admin = _host.AsOps(_host.TenantA).Get<CollectionAdministration>();

        var created = await admin.CreateAsync(new CreateCollectionRequest { Name = "notes", VectorSize = 8 });
        var crossTenant = await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(
            () => admin.CreateAsync(new CreateCollectionRequest { Name = $"client_{_host.TenantB}_notes" }));

        Assert.Equal($"client_{_host.TenantA}_notes", created);
        Assert.Contains("another tenant", crossTenant.Message);
        Assert.False(await _host.Store.CollectionExistsAsync($"client_{_host.TenantB}_notes"));
    }
}
