using Microsoft.EntityFrameworkCore;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Testing.Net;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Reliability;

/// <summary>
/// A replica that goes away while the portal runs: the replica is a real TCP path to a real PostgreSQL server (a relay
/// in front of the test server), cut in the middle of the test as a stopped replica server would be. Reads must fall
/// back to the primary at once, not after the next health probe, and the database must say that they did.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaFallbackTests(PostgresServerFixture postgres)
{
    [Fact]
    public async Task Reads_use_the_replica_while_it_answers_and_the_primary_from_the_first_read_after_it_stops()
    {
        var primary = await postgres.CreateMigratedDatabaseAsync("replica_stop");
        var builder = new NpgsqlConnectionStringBuilder(primary);
        await using var relay = TcpRelay.Start(builder.Host!, builder.Port);
        var replica = new NpgsqlConnectionStringBuilder(primary) { Port = relay.Port, Timeout = 3 }.ConnectionString;
        await using var database = new PulseDatabase();
        database.Connect(primary, replica);
        database.SetStatus(DatabaseStatus.Ready, null);

        Assert.Equal(relay.Port, await database.ReadAsync(ServerPortAsync));
        Assert.Equal(1, relay.Accepted);
        Assert.False(database.ReadsFallBackToPrimary);

        await relay.StopAsync();

        // The replica's idle pooled connection still looks open: the read fails on it, marks the replica down, and
        // runs again on the primary. The caller sees an answer, not an error.
        Assert.Equal(builder.Port, await database.ReadAsync(ServerPortAsync));
        Assert.True(database.ReadsFallBackToPrimary);
        await using (var connection = await database.OpenReadConnectionAsync())
            Assert.Equal(builder.Port, connection.Port);
    }

    [Fact]
    public async Task A_replica_that_refuses_connections_is_marked_down_by_the_first_read_which_the_primary_answers()
    {
        var primary = await postgres.CreateMigratedDatabaseAsync("replica_refuses");
        var builder = new NpgsqlConnectionStringBuilder(primary);
        var relay = TcpRelay.Start(builder.Host!, builder.Port);
        var port = relay.Port;
        await relay.DisposeAsync(); // nothing listens there any more
        await using var database = new PulseDatabase();
        database.Connect(primary, new NpgsqlConnectionStringBuilder(primary) { Port = port, Timeout = 3 }.ConnectionString);
        database.SetStatus(DatabaseStatus.Ready, null);
        Assert.False(database.ReadsFallBackToPrimary);

        await using (var connection = await database.OpenReadConnectionAsync())
            Assert.Equal(builder.Port, connection.Port);
        Assert.True(database.ReadsFallBackToPrimary);
    }

    [Fact]
    public async Task A_read_that_fails_on_its_sql_is_not_repeated_and_does_not_mark_the_replica_down()
    {
        var primary = await postgres.CreateMigratedDatabaseAsync("replica_sql");
        var builder = new NpgsqlConnectionStringBuilder(primary);
        await using var relay = TcpRelay.Start(builder.Host!, builder.Port);
        await using var database = new PulseDatabase();
        database.Connect(primary, new NpgsqlConnectionStringBuilder(primary) { Port = relay.Port }.ConnectionString);
        database.SetStatus(DatabaseStatus.Ready, null);
        var runs = 0;

        await Assert.ThrowsAsync<PostgresException>(() => database.ReadAsync<object?>(async (connection, token) =>
        {
            runs++;
            return await new NpgsqlCommand("SELECT no_such_column FROM tenants", connection).ExecuteScalarAsync(token);
        }));

        Assert.Equal(1, runs);
        Assert.False(database.ReadsFallBackToPrimary);
    }

    private static async Task<int> ServerPortAsync(NpgsqlConnection connection, CancellationToken token)
    {
        Assert.Equal(1, await new NpgsqlCommand("SELECT 1", connection).ExecuteScalarAsync(token));
        return connection.Port;
    }

    [Fact]
    public async Task An_ef_read_that_cannot_reach_the_replica_marks_it_down_and_the_next_context_reads_the_primary()
    {
        var primary = await postgres.CreateMigratedDatabaseAsync("replica_ef");
        var builder = new NpgsqlConnectionStringBuilder(primary);
        await using var relay = TcpRelay.Start(builder.Host!, builder.Port);
        var replica = new NpgsqlConnectionStringBuilder(primary) { Port = relay.Port, Timeout = 3 }.ConnectionString;
        await using var database = new PulseDatabase();
        database.Connect(primary, replica);
        database.SetStatus(DatabaseStatus.Ready, null);
        var factory = new PulseDbContextFactory(database, SystemTenantContext.Platform);

        await using (var db = factory.CreateReadOnlyDbContext())
            Assert.Empty(await db.Tenants.Where(t => t.Name == "nobody").ToListAsync());
        Assert.True(relay.Accepted >= 1);

        await relay.StopAsync();

        // The context made before anyone noticed still points at the replica, and its pooled connection looks open:
        // its query fails fast (no retries against a stopped replica) and marks the replica down.
        await using (var db = factory.CreateReadOnlyDbContext())
            await Assert.ThrowsAnyAsync<Exception>(() => db.Tenants.CountAsync());
        Assert.True(database.ReadsFallBackToPrimary);

        await using (var db = factory.CreateReadOnlyDbContext())
            Assert.True(await db.Tenants.CountAsync() >= 0);
    }
}
