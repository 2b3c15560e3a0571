using Microsoft.Extensions.DependencyInjection;
using Pulse.Core.Data;
using Pulse.Core.Search;
using Pulse.Core.VectorStore;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Search;

/// <summary>Hydration and the hybrid restrictions read the replica when one is configured, and the primary when it is not answering.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchReplicaTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Hits_are_hydrated_from_the_replica_and_from_the_primary_while_the_replica_is_unhealthy()
    {
        await using var world = await SearchWorld.CreateAsync(postgres, withReplica: true);
        var request = SearchPresets.HierarchyNavigation.Request with { Collection = CollectionNames.ForTenant(world.Acme, "content_metadata") };
        var database = world.Get<PulseDatabase>();

        using (var replica = new CommandCounter(world.DatabaseName, app => app == SearchWorld.ReplicaApplication))
        using (var primary = new CommandCounter(world.DatabaseName, app => app != SearchWorld.ReplicaApplication))
        {
            var response = await SearchAsync(world, request);

            Assert.Equal(3, response.Hits.Count);
            Assert.Equal(2, replica.SelectsFrom("content_metadata")); // the branch's rows (restriction), then the hits' rows
            Assert.Equal(2, replica.SelectsFrom("religion_hierarchy")); // the branch's leaves, then the hits' paths
            Assert.Equal(0, primary.SelectsFrom("content_metadata"));
            Assert.Equal(0, primary.SelectsFrom("religion_hierarchy"));
        }

        database.SetReplicaHealthy(false);
        try
        {
            using var replica = new CommandCounter(world.DatabaseName, app => app == SearchWorld.ReplicaApplication);
            using var primary = new CommandCounter(world.DatabaseName, app => app != SearchWorld.ReplicaApplication);

            var response = await SearchAsync(world, request);

            Assert.Equal(3, response.Hits.Count);
            Assert.Empty(replica.Commands);
            Assert.Equal(2, primary.SelectsFrom("content_metadata"));
        }
        finally
        {
            database.SetReplicaHealthy(true);
        }
    }

    private static async Task<SearchResponse> SearchAsync(SearchWorld world, SearchRequest request)
    {
        await using var scope = world.Scope(world.As("analyst@acme.test"));
        return await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(request);
    }
}
