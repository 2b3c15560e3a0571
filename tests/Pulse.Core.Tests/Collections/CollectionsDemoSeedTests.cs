using Pulse.Core.Collections;
using Pulse.Core.Demo;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Collections;

/// <summary>The demo gives every tenant a content collection to browse.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CollectionsDemoSeedTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private CollectionsHost _host = null!;

    public async Task InitializeAsync() => _host = await CollectionsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Each_demo_tenant_gets_its_embedded_content_once_however_often_the_seed_runs()
    {
        await _host.Get<DemoSeeder>().SeedAsync();
        await _host.Get<DemoSeeder>().SeedAsync();

        var names = (await _host.Store.ListCollectionsAsync()).Where(n => n.EndsWith("_" + CollectionsDemoSeedStep.LogicalName, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, names.Count);
        foreach (var name in names)
        {
            var info = await _host.Store.GetCollectionInfoAsync(name);
            Assert.Equal((9L, 384, Distance.Cosine), (info.PointsCount, info.Config.VectorSize, info.Config.Distance));
            Assert.Equal(PayloadFieldType.Keyword, info.PayloadSchema["content_type"]);
            var page = await _host.Store.ScrollAsync(name, new ScrollRequest { Limit = 1 });
            var payload = page.Points[0].Payload!;
            Assert.Equal(info.Name, CollectionNames.ForTenant((int)payload["tenant_id"]!, "content"));
            Assert.False(string.IsNullOrEmpty((string?)payload["title"]));
        }
    }
}
