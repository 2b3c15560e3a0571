using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.VectorStore;

public sealed class TenantVectorStoreTests(EmbeddedVectorStoreFixture fixture) : IClassFixture<EmbeddedVectorStoreFixture>
{
    private static readonly CollectionDefinition Small = new(2, Distance.Dot);
    private readonly int _tenant = Random.Shared.Next(1_000, 1_000_000);

    [Fact]
    public async Task A_tenant_user_reaches_its_own_collections_only()
    {
        var other = await SeedAsync(_tenant + 1, "docs");
        var store = Scoped(TestTenantContext.User(_tenant));
        var mine = store.CollectionName("docs");

        await store.CreateCollectionAsync(mine, Small);
        await store.UpsertAsync(mine, [new VectorPoint(1UL, [1, 0])]);

        Assert.Equal(1, await store.CountAsync(mine));
        var denied = await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => store.CountAsync(other));
        Assert.Equal(VectorStoreErrorKind.AccessDenied, denied.Kind);
        Assert.Contains("another tenant", denied.Message);
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => store.QueryAsync(other, new VectorQuery([1, 0])));
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => store.DeleteCollectionAsync(other));
        await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(() => store.UpdateAliasesAsync([AliasChange.Create($"client_{_tenant}_alias", other)]));
    }

    [Fact]
    public async Task Listing_shows_the_callers_collections_and_platform_ones_only_to_admins_and_ops()
    {
        var mine = await SeedAsync(_tenant, "a");
        var theirs = await SeedAsync(_tenant + 1, "a");
        var platform = $"platform_{Guid.NewGuid():N}";
        await fixture.Store.CreateCollectionAsync(platform, Small);

        var owner = await Scoped(TestTenantContext.User(_tenant)).ListCollectionsAsync();
        var ops = await Scoped(TestTenantContext.User(_tenant, PulseRoles.Ops)).ListCollectionsAsync();
        var admin = await Scoped(TestTenantContext.Admin()).ListCollectionsAsync();
        var adminInTenant = await Scoped(TestTenantContext.Admin(_tenant)).ListCollectionsAsync();

        Assert.Contains(mine, owner);
        Assert.DoesNotContain(theirs, owner);
        Assert.DoesNotContain(platform, owner);
        Assert.Contains(platform, ops);
        Assert.DoesNotContain(theirs, ops);
        Assert.Contains(theirs, admin);
        Assert.Contains(platform, admin);
        Assert.Contains(mine, adminInTenant);
        Assert.DoesNotContain(theirs, adminInTenant);
    }

    [Fact]
    public async Task Platform_collections_refuse_tenant_users_without_the_ops_role()
    {
        var platform = $"platform_{Guid.NewGuid():N}";
        await fixture.Store.CreateCollectionAsync(platform, Small);

        var error = await Assert.ThrowsAsync<VectorStoreAccessDeniedException>(
            () => Scoped(TestTenantContext.User(_tenant, PulseRoles.Analyst)).GetCollectionInfoAsync(platform));

        Assert.Contains("platform collection", error.Message);
        Assert.Equal(platform, (await Scoped(TestTenantContext.User(_tenant, PulseRoles.Ops)).GetCollectionInfoAsync(platform)).Name);
    }

    [Fact]
    public async Task Malformed_names_are_rejected_before_reaching_the_store()
    {
        var store = Scoped(TestTenantContext.User(_tenant));

        var error = await Assert.ThrowsAsync<VectorStoreException>(() => store.CountAsync($"client_{_tenant}_bad name"));

        Assert.Equal(VectorStoreErrorKind.Validation, error.Kind);
        Assert.Throws<VectorStoreAccessDeniedException>(() => Scoped(TestTenantContext.Admin()).CollectionName("docs"));
    }

    private TenantVectorStore Scoped(ITenantContext context) => new(fixture.Store, context);

    private async Task<string> SeedAsync(int tenant, string name)
    {
        var full = CollectionNames.ForTenant(tenant, name + Guid.NewGuid().ToString("N")[..8]);
        await fixture.Store.CreateCollectionAsync(full, Small);
        return full;
    }
}
