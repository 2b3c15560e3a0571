using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Providers.Local;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Integrations;

/// <summary>
/// The in-memory copy of each tenant's AI settings that the provider chain reads: kept while nothing changed, replaced
/// after any change to the tenant's integrations or preference rows, whoever made it (the service, or SQL by hand),
/// per tenant, and read once per call inside a call scope. Over real PostgreSQL and a loopback provider.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TenantAiSettingsCacheTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private IntegrationsHost _host = null!;

    public async Task InitializeAsync() => _host = await IntegrationsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private TenantAiSettingsCache Cache => _host.Get<TenantAiSettingsCache>();

    private async Task ExecuteAsync(string sql, params object[] values)
    {
        var database = (PulseDatabase)_host.Services.GetService(typeof(PulseDatabase))!;
        await using var command = database.Primary.CreateCommand(sql);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Unchanged_settings_are_the_same_copy_and_every_kind_of_change_gives_a_new_one()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var id = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Primary", server.BaseAddress));
        var first = await Cache.GetAsync(_host.TenantA, CancellationToken.None);
        Assert.Equal([id], first.Integrations.Select(i => i.Id));
        Assert.Same(first, await Cache.GetAsync(_host.TenantA, CancellationToken.None));

        // An update made by hand, outside every service of the portal.
        await ExecuteAsync("UPDATE integrations SET active = false WHERE id = $1", id);
        var afterUpdate = await Cache.GetAsync(_host.TenantA, CancellationToken.None);
        Assert.NotSame(first, afterUpdate);
        Assert.False(Assert.Single(afterUpdate.Integrations).Active);

        // A preference document inserted, then changed, then deleted by hand.
        await ExecuteAsync("INSERT INTO tenant_ai_preferences (tenant_id, preference_type, configuration) VALUES ($1, 'performance', '{\"batch_size\": 7}'::jsonb)", _host.TenantA);
        var withDocument = await Cache.GetAsync(_host.TenantA, CancellationToken.None);
        Assert.Contains("7", withDocument.Document("performance"));
        await ExecuteAsync("UPDATE tenant_ai_preferences SET configuration = '{\"batch_size\": 9}'::jsonb WHERE tenant_id = $1", _host.TenantA);
        Assert.Contains("9", (await Cache.GetAsync(_host.TenantA, CancellationToken.None)).Document("performance"));
        await ExecuteAsync("DELETE FROM tenant_ai_preferences WHERE tenant_id = $1", _host.TenantA);
        Assert.Null((await Cache.GetAsync(_host.TenantA, CancellationToken.None)).Document("performance"));

        // Deleted and written again with the same content: still a new copy (row versions changed).
        var beforeRewrite = await Cache.GetAsync(_host.TenantA, CancellationToken.None);
        await ExecuteAsync("DELETE FROM integrations WHERE id = $1", id);
        Assert.Empty((await Cache.GetAsync(_host.TenantA, CancellationToken.None)).Integrations);
        Assert.NotSame(beforeRewrite, await Cache.GetAsync(_host.TenantA, CancellationToken.None));
    }

    [Fact]
    public async Task A_chain_sees_an_integration_disabled_by_hand_on_its_very_next_call()
    {
        await using var primary = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        await using var fallback = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var last = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Fallback", fallback.BaseAddress));
        var first = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Primary", primary.BaseAddress, fallback: last));

        Assert.Equal(first, (await _host.Embeddings.EmbedAsync(_host.TenantA, ["before"], first)).Call.IntegrationId);
        await ExecuteAsync("UPDATE integrations SET active = false WHERE id = $1", first);
        // Asking for the disabled primary by id now starts at its fallback; the tenant default moves on as well.
        var chain = await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Embedding, first, CancellationToken.None);
        Assert.Equal([last], chain.Select(c => c.Spec.Id));
        Assert.Equal(last, (await _host.Embeddings.EmbedAsync(_host.TenantA, ["after"])).Call.IntegrationId);
        Assert.Single(primary.Requests);
        Assert.Single(fallback.Requests);
    }

    [Fact]
    public async Task An_embedding_call_with_unchanged_settings_makes_three_database_commands()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var fallback = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Fallback", server.BaseAddress));
        var primary = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Primary", server.BaseAddress, fallback: fallback));
        await _host.Embeddings.EmbedAsync(_host.TenantA, ["warm the copy"], primary);

        // Npgsql's own tracing, kept to this test's database (other test classes run their own at the same time).
        var database = new NpgsqlConnectionStringBuilder(_host.ConnectionString).Database!;
        var commands = new ConcurrentQueue<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.OperationName.StartsWith("CONNECT", StringComparison.Ordinal)) return;
                if (!activity.TagObjects.Any(t => Equals(t.Value, database))) return;
                commands.Enqueue(activity.TagObjects.FirstOrDefault(t => t.Key is "db.query.text" or "db.statement").Value as string ?? activity.OperationName);
            },
        };
        ActivitySource.AddActivityListener(listener);

        var result = await _host.Embeddings.EmbedAsync(_host.TenantA, ["one call"], primary);

        Assert.Equal(primary, result.Call.IntegrationId);
        // The settings' fingerprint, the month's spend, the usage row: the chain, the call settings, the defaults and
        // the budget all answered from the one copy of the tenant's settings.
        Assert.Collection(commands.OrderBy(c => c, StringComparer.Ordinal),
            c => Assert.Contains("INSERT INTO ai_usage_tracking", c),
            c => Assert.Contains("xmin", c),
            c => Assert.Contains("sum(cost)", c));
    }

    [Fact]
    public async Task Each_tenant_has_its_own_copy()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var id = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Only A's", server.BaseAddress));

        var a = await Cache.GetAsync(_host.TenantA, CancellationToken.None);
        var b = await Cache.GetAsync(_host.TenantB, CancellationToken.None);
        Assert.Equal([id], a.Integrations.Select(i => i.Id));
        Assert.Empty(b.Integrations);
        Assert.Equal((_host.TenantA, _host.TenantB), (a.TenantId, b.TenantId));
        // B embeds with the built-in embedder, never with A's integration.
        var result = await _host.Embeddings.EmbedAsync(_host.TenantB, ["tenant b text"]);
        Assert.Equal(BuiltInEmbeddingChainResolver.BuiltInId, result.Call.IntegrationId);
        Assert.Equal(LocalHashingEmbedder.DefaultDimension, result.Vectors[0].Length);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Inside_a_call_scope_the_settings_are_read_once_and_outside_every_read_is_fresh()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var id = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Primary", server.BaseAddress));
        TenantAiSettings inside;
        using (ProviderCallScope.Begin())
        {
            inside = await Cache.GetAsync(_host.TenantA, CancellationToken.None);
            await ExecuteAsync("UPDATE integrations SET active = false WHERE id = $1", id);
            // Concurrent parts of one call share the one read, and a nested scope joins it.
            var parts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Cache.GetAsync(_host.TenantA, CancellationToken.None))));
            Assert.All(parts, p => Assert.Same(inside, p));
            using (ProviderCallScope.Begin())
                Assert.Same(inside, await Cache.GetAsync(_host.TenantA, CancellationToken.None));
            Assert.True(Assert.Single(inside.Integrations).Active);
        }

        var after = await Cache.GetAsync(_host.TenantA, CancellationToken.None);
        Assert.NotSame(inside, after);
        Assert.False(Assert.Single(after.Integrations).Active);
    }
}
