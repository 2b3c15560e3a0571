using Microsoft.EntityFrameworkCore;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Core.Tests.Testing;
using Pulse.Testing.Http;
using Pulse.Testing.OpenApi;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Integrations;

/// <summary>Pulse:Providers:EmbeddingServerUrl makes the text-embeddings-inference server every tenant's default embedder.</summary>
[Collection(PostgresCollection.Name)]
public sealed class EmbeddingServerDefaultTests(PostgresServerFixture postgres)
{
    [SpecFact(SpecsFolder.Tei)]
    public async Task With_an_embedding_server_configured_every_tenant_embeds_there_by_default_without_the_lexical_embedder_mixed_in()
    {
        await using var tei = await SpecCheckedServer.StartAsync(PublishedSpecs.Tei, r => Task.FromResult(FakeProviderResponses.TeiEmbed(r, 384, computeTokens: 7)));
        await using var host = await IntegrationsHost.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Pulse:Providers:EmbeddingServerUrl"] = tei.BaseAddress.ToString(),
        });

        var a = await host.Embeddings.EmbedAsync(host.TenantA, ["first tenant"]);
        var b = await host.Embeddings.EmbedAsync(host.TenantB, ["second tenant"]);
        await host.Embeddings.EmbedAsync(host.TenantA, ["again"]);

        tei.AssertTrafficMatchesSpec();
        Assert.Equal(3, tei.Requests.Count);
        Assert.All(tei.Requests, r => Assert.Equal("/embed", r.Path));
        Assert.Equal(384, a.Vectors[0].Length);
        await using (var db = host.Platform())
        {
            var managed = await db.Integrations.Where(i => i.IntegrationName == EmbeddingServerIntegration.Name).ToListAsync();
            Assert.Equal(2, managed.Count); // one per tenant, created once however often it is resolved
            Assert.Equal([a.Call.IntegrationId, b.Call.IntegrationId], managed.OrderBy(m => m.TenantId == host.TenantA ? 0 : 1).Select(m => m.Id));
            Assert.All(managed, m => Assert.Equal(("sentence_transformers", tei.BaseAddress.ToString(), (int?)null), (m.Provider, m.BaseUrl, m.FallbackIntegrationId)));
            var usage = await db.AiUsage.Where(u => u.TenantId == host.TenantA).OrderBy(u => u.Id).FirstAsync();
            Assert.Equal((7, false, "sentence_transformers", EmbeddingServerIntegration.Model), (usage.InputTokens, usage.TokensEstimated, usage.Provider, usage.ModelName));
        }

        // The tenant's own lexical integration is another vector space: it never stands in for the server.
        host.ActAs(host.TenantA);
        await host.Integrations.CreateAsync(new IntegrationInput { Name = "Lexical", Kind = ProviderKind.LocalHashing, Dimension = 384 });
        var listed = await host.Integrations.ListAsync();
        Assert.True(listed.Single(i => i.Name == EmbeddingServerIntegration.Name).IsDefault);
        Assert.True(listed.Single(i => i.Name == EmbeddingServerIntegration.Name).IsManaged);
        Assert.False(listed.Single(i => i.Name == "Lexical").IsDefault);

        tei.Server.Respond(_ => Task.FromResult(LoopbackResponse.Json("{\"error\":\"model not loaded\",\"error_type\":\"Unhealthy\"}", 503)));
        var failure = await Assert.ThrowsAsync<ProviderException>(() => host.Embeddings.EmbedAsync(host.TenantA, ["server down"]));
        Assert.DoesNotContain("Lexical", failure.Message);
        await using var check = host.Platform();
        Assert.DoesNotContain(await check.AiUsage.Select(u => u.Provider).ToListAsync(), p => p == "local_hashing");
    }
}
