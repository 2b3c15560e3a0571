using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Search;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Search;

/// <summary>Tenancy is a security boundary: collections and history of one tenant (and one user) stay theirs.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchTenancyTests(PostgresServerFixture postgres, SearchWorldFixture worlds) : IClassFixture<SearchWorldFixture>
{
    private static async Task<SearchResponse> SearchAsync(SearchWorld world, ITenantContext user, string query, string collection)
    {
        await using var scope = world.Scope(user);
        return await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(new SearchRequest { Query = query, Collection = collection });
    }

    private static async Task<IReadOnlyList<SearchHistoryEntry>> HistoryAsync(SearchWorld world, ITenantContext user)
    {
        await using var scope = world.Scope(user);
        return await scope.ServiceProvider.GetRequiredService<SearchHistory>().ListAsync();
    }

    [Fact]
    public async Task History_is_kept_per_user_and_per_tenant_newest_first_and_re_runs_the_same_request()
    {
        var world = await worlds.GetAsync(postgres);
        var acmeContent = CollectionNames.ForTenant(world.Acme, ContentCollectionBuilder.LogicalName);
        var globexContent = CollectionNames.ForTenant(world.Globex, ContentCollectionBuilder.LogicalName);
        var (first, second, colleague, globex) = (await world.AddUserAsync(world.Acme), await world.AddUserAsync(world.Acme),
            await world.AddUserAsync(world.Acme), await world.AddUserAsync(world.Globex));

        await SearchAsync(world, first, "baptism", acmeContent);
        var latest = await SearchAsync(world, first, "five pillars", acmeContent);
        await SearchAsync(world, colleague, "sacraments", acmeContent);
        await SearchAsync(world, globex, "quantum", globexContent);

        var mine = await HistoryAsync(world, first);
        Assert.Equal(["five pillars", "baptism"], mine.Select(e => e.QueryText));
        Assert.Equal(latest.Request, mine[0].ToRequest());
        Assert.Equal(latest.Hits.Count, mine[0].ResultCount);
        Assert.Empty(await HistoryAsync(world, second));
        Assert.Equal(["sacraments"], (await HistoryAsync(world, colleague)).Select(e => e.QueryText));
        Assert.Equal(["quantum"], (await HistoryAsync(world, globex)).Select(e => e.QueryText));
        await using var scope = world.Scope(globex);
        Assert.Null(await scope.ServiceProvider.GetRequiredService<SearchHistory>().FindAsync(mine[0].Id));
    }

    [Fact]
    public async Task A_tenant_sees_only_its_own_collections_and_cannot_search_another_tenants()
    {
        var world = await worlds.GetAsync(postgres);
        var globexContent = CollectionNames.ForTenant(world.Globex, ContentCollectionBuilder.LogicalName);
        await using var scope = world.Scope(world.As("analyst@acme.test"));

        var collections = await scope.ServiceProvider.GetRequiredService<SearchCatalog>().ListCollectionsAsync();
        var refused = await Assert.ThrowsAsync<SearchFailedException>(() =>
            scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(new SearchRequest { Query = "quantum", Collection = globexContent }));

        Assert.NotEmpty(collections);
        Assert.All(collections, c => Assert.StartsWith($"client_{world.Acme}_", c.Name));
        var content = Assert.Single(collections, c => c.DisplayName == ContentCollectionBuilder.LogicalName);
        Assert.True(content.Searchable);
        Assert.Equal(384, content.Dimension);
        Assert.Equal($"Collection '{globexContent}' belongs to another tenant.", refused.Message);
    }

    [Fact]
    public async Task A_hit_that_names_another_tenants_row_is_not_hydrated_with_that_row()
    {
        var world = await worlds.GetAsync(postgres);
        var planted = CollectionNames.ForTenant(world.Acme, "planted");
        int globexRow;
        await using (var admin = world.Scope(SystemTenantContext.ForTenant(world.Globex)))
            globexRow = admin.ServiceProvider.GetRequiredService<Pulse.Core.Data.PulseDbContext>().Content.Select(c => c.Id).First();
        var store = world.Get<IVectorStore>();
        await store.CreateCollectionAsync(planted, new CollectionDefinition(384, Distance.Cosine));
        var vector = new float[384];
        vector[0] = 1;
        await store.UpsertAsync(planted, [new VectorPoint(1UL, vector, new System.Text.Json.Nodes.JsonObject { ["content_id"] = globexRow })]);

        var response = await SearchAsync(world, world.As("analyst@acme.test"), "anything", planted);

        var hit = Assert.Single(response.Hits);
        Assert.False(hit.SourceFound);
        Assert.Equal("(source record not found)", hit.Title);
        Assert.Equal("", hit.Snippet);
    }
}
