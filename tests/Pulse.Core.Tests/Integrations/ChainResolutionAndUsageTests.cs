using Microsoft.EntityFrameworkCore;
using Pulse.Core.Integrations;
using Pulse.Core.Providers;
using Pulse.Core.Providers.Local;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Testing.Http;
using Pulse.Testing.Postgres;

namespace Pulse.Core.Tests.Integrations;

/// <summary>Chains resolved from the integrations table and usage rows written to ai_usage_tracking, over real PostgreSQL and loopback providers.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ChainResolutionAndUsageTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private IntegrationsHost _host = null!;

    public async Task InitializeAsync() => _host = await IntegrationsHost.StartAsync(postgres);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_tenant_without_integrations_embeds_with_the_built_in_lexical_embedder()
    {
        var result = await _host.Embeddings.EmbedAsync(_host.TenantA, ["offline search still works"]);

        Assert.Equal(BuiltInEmbeddingChainResolver.BuiltInId, result.Call.IntegrationId);
        Assert.Equal(LocalHashingEmbedder.DefaultDimension, result.Vectors[0].Length);
        await using var db = _host.Platform();
        var row = await db.AiUsage.SingleAsync();
        Assert.Equal((_host.TenantA, (int?)null, "local_hashing", true, 0m), (row.TenantId, row.IntegrationId, row.Provider, row.Success, row.Cost));
        Assert.True(row.TokensEstimated);
    }

    [Fact]
    public async Task The_chain_follows_fallbacks_skips_disabled_links_and_records_exact_costs_and_the_fallback_flag()
    {
        await using var down = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.OpenAiError(503, "overloaded"));
        await using var skipped = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        await using var up = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var last = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Last", up.BaseAddress) with
        {
            PricePer1KInputTokens = 0.13m, SecretChange = SecretChange.Replace, NewSecret = "key-of-last",
        });
        var middle = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Middle (disabled)", skipped.BaseAddress, fallback: last) with { Active = false });
        var first = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("First", down.BaseAddress, fallback: middle));

        var chain = await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Embedding, first, CancellationToken.None);
        Assert.Equal([first, last], chain.Select(c => c.Spec.Id));
        Assert.Equal("test-key", chain[0].Credential!.Reveal());
        Assert.Equal("key-of-last", chain[1].Credential!.Reveal());

        // "one two three" -> the double reports 4 prompt tokens (3 words + 1); 4 * 0.13 / 1000.
        var result = await _host.Embeddings.EmbedAsync(_host.TenantA, ["one two three"], first);
        Assert.Equal(last, result.Call.IntegrationId);
        Assert.True(result.Call.FallbackUsed);
        Assert.Empty(skipped.Requests);
        Assert.Equal("Bearer key-of-last", Assert.Single(up.Requests).Header("Authorization"));

        await using var db = _host.Platform();
        var rows = await db.AiUsage.OrderBy(u => u.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal((first, false, "ServerError", false), (rows[0].IntegrationId!.Value, rows[0].Success, rows[0].ErrorCategory, rows[0].FallbackUsed));
        Assert.Equal((last, true, true), (rows[1].IntegrationId!.Value, rows[1].Success, rows[1].FallbackUsed));
        Assert.Equal((4, 0, 4, false), (rows[1].InputTokens, rows[1].OutputTokens, rows[1].TotalTokens, rows[1].TokensEstimated));
        Assert.Equal(0.00052m, rows[1].Cost);
        Assert.Equal(0m, rows[0].Cost);
        Assert.Equal(("openai", "embedding", "text-embedding-3-small", "USD"), (rows[1].Provider, rows[1].Operation, rows[1].ModelName, rows[1].Currency));
        Assert.Contains("\"chain_position\": 1", rows[1].RequestMetadata);
        Assert.Contains("overloaded", rows[0].RequestMetadata);
        Assert.All(rows, r => Assert.Equal(_host.TenantA, r.TenantId));
        Assert.DoesNotContain("key-of-last", await _host.DumpTableAsync("ai_usage_tracking"));

        var listed = (await _host.Integrations.ListAsync()).Single(i => i.Id == first);
        Assert.Equal(["First", "Middle (disabled)", "Last"], listed.Chain.Select(l => l.Name));
        Assert.False(listed.Chain[1].Active);
        Assert.Equal((1, 0), (listed.Health.Calls, listed.Health.Successes));
        Assert.Contains("overloaded", listed.Health.LastError);
    }

    [Fact]
    public async Task An_azure_deployment_edited_in_place_never_serves_query_vectors_cached_before_the_edit()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var input = new IntegrationInput
        {
            Name = "Azure embeddings", Kind = ProviderKind.AzureOpenAI, Subtype = ProviderSubtype.Embedding, BaseUrl = server.BaseAddress.ToString(),
            Model = "text-embedding-3-small", PricingModel = "text-embedding-3-small", AzureDeployment = "emb-a", AzureApiVersion = "2024-02-01",
            Dimension = 8, TimeoutSeconds = 2, MaxRetries = 0, BatchSize = 16, PricePer1KInputTokens = 0.02m, Currency = "USD",
            SecretChange = SecretChange.Replace, NewSecret = "azure-test-key",
        };
        var id = await _host.Integrations.CreateAsync(input);

        // The tenant has saved no performance preference: its default cache time-to-live (60 minutes) applies.
        await _host.Embeddings.EmbedAsync(_host.TenantA, ["same query"]);
        var cached = await _host.Embeddings.EmbedAsync(_host.TenantA, ["same query"]);
        Assert.Equal(1, cached.Call.CachedInputs);
        Assert.Single(server.Requests);

        // Another deployment behind the same integration, model and pricing model: the old vector must not come back.
        await _host.Integrations.UpdateAsync(id, input with { AzureDeployment = "emb-b", SecretChange = SecretChange.Keep });
        var edited = await _host.Embeddings.EmbedAsync(_host.TenantA, ["same query"]);
        Assert.Equal(0, edited.Call.CachedInputs);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("/openai/deployments/emb-b/embeddings", server.Requests[1].Path);

        // Any saved edit starts afresh, even one that names no field the key hashes (the stored timestamp moved).
        await _host.Integrations.UpdateAsync(id, input with { AzureDeployment = "emb-b", TimeoutSeconds = 3, SecretChange = SecretChange.Keep });
        Assert.Equal(0, (await _host.Embeddings.EmbedAsync(_host.TenantA, ["same query"])).Call.CachedInputs);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(1, (await _host.Embeddings.EmbedAsync(_host.TenantA, ["same query"])).Call.CachedInputs);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Each_protocol_stores_a_complete_usage_row_azure_named_by_its_base_model_tei_counted_by_its_header_and_a_zero_price_as_zero()
    {
        await using var azure = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8)); // Azure names only the base model
        await using var tei = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.TeiEmbed(r, 8, computeTokens: 11));
        await using var gateway = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8, includeUsage: false));
        var azureId = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Azure deployment", azure.BaseAddress, model: "prod-embedder") with
        {
            Kind = ProviderKind.AzureOpenAI, AzureDeployment = "prod-embedder", PricingModel = "text-embedding-3-small", PricePer1KInputTokens = 0.02m,
        });
        var teiId = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Self-hosted TEI", tei.BaseAddress, model: "BAAI/bge-small-en-v1.5") with
        {
            Kind = ProviderKind.SentenceTransformers, PricePer1KInputTokens = 0m, SecretChange = SecretChange.Keep, NewSecret = null,
        });
        var gatewayId = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("Gateway without usage", gateway.BaseAddress) with
        {
            Kind = ProviderKind.Gateway, PricePer1KInputTokens = 0.5m, ExtraHeaders = new Dictionary<string, string> { ["X-Team"] = "search" },
        });
        string[] texts = ["alpha beta", "gamma delta epsilon"];

        foreach (var id in new[] { azureId, teiId, gatewayId })
            Assert.Equal(id, (await _host.Embeddings.EmbedAsync(_host.TenantA, texts, id)).Call.IntegrationId);

        Assert.Equal("/openai/deployments/prod-embedder/embeddings?api-version=2024-10-21", Assert.Single(azure.Requests).PathAndQuery);
        Assert.Equal("/embed", Assert.Single(tei.Requests).Path);
        Assert.Equal("search", Assert.Single(gateway.Requests).Header("X-Team"));
        await using var db = _host.Platform();
        var rows = await db.AiUsage.OrderBy(u => u.Id).ToListAsync();
        Assert.Equal([azureId, teiId, gatewayId], rows.Select(r => r.IntegrationId!.Value));
        Assert.All(rows, r => Assert.Equal((_host.TenantA, "embedding", 2, true, false, (string?)null, "USD"), (r.TenantId, r.Operation, r.InputCount, r.Success, r.FallbackUsed, r.ErrorCategory, r.Currency)));
        Assert.All(rows, r => Assert.True(r.LatencyMs >= 0 && r.CreatedAt > DateTimeOffset.UtcNow.AddMinutes(-5)));

        // Azure: the usage field's 6 tokens (5 words + 1), named and priced as the configured base model, not the deployment.
        Assert.Equal(("azure_openai", "text-embedding-3-small", 6, 0, 6, false, 0.00012m), (rows[0].Provider, rows[0].ModelName, rows[0].InputTokens, rows[0].OutputTokens, rows[0].TotalTokens, rows[0].TokensEstimated, rows[0].Cost));
        // TEI: the x-compute-tokens header; a zero price is a zero cost, stored as 0.
        Assert.Equal(("sentence_transformers", "BAAI/bge-small-en-v1.5", 11, 11, false, 0m), (rows[1].Provider, rows[1].ModelName, rows[1].InputTokens, rows[1].TotalTokens, rows[1].TokensEstimated, rows[1].Cost));
        // A gateway that reports no usage: estimated (about four characters a token) and marked so, and still priced.
        var estimate = TokenEstimator.EstimateTokens(texts);
        Assert.Equal(("gateway", estimate, estimate, true, estimate * 0.5m / 1000m), (rows[2].Provider, rows[2].InputTokens, rows[2].TotalTokens, rows[2].TokensEstimated, rows[2].Cost));
        Assert.Equal(1, await db.AiUsage.CountAsync(u => u.Cost == 0m && u.IntegrationId == teiId));
    }

    [Fact]
    public async Task The_default_chain_is_the_first_active_integration_and_another_tenants_rows_never_join_it()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        _host.ActAs(_host.TenantB);
        var bId = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("B default", server.BaseAddress));
        _host.ActAs(_host.TenantA);
        var disabled = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("A disabled", server.BaseAddress) with { Active = false });
        var aId = await _host.Integrations.CreateAsync(IntegrationsHost.OpenAi("A default", server.BaseAddress, fallback: disabled));

        var a = await _host.Embeddings.EmbedAsync(_host.TenantA, ["hello"]);
        var b = await _host.Embeddings.EmbedAsync(_host.TenantB, ["hello"]);

        Assert.Equal(aId, a.Call.IntegrationId);
        Assert.Equal(bId, b.Call.IntegrationId);
        Assert.Single(await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Embedding, null, CancellationToken.None));
        Assert.Empty(await _host.Resolver.ResolveAsync(_host.TenantA, ProviderSubtype.Llm, null, CancellationToken.None));
        await using var db = _host.Platform();
        Assert.Equal([aId], await db.AiUsage.Where(u => u.TenantId == _host.TenantA).Select(u => u.IntegrationId!.Value).ToListAsync());
        Assert.Equal([bId], await db.AiUsage.Where(u => u.TenantId == _host.TenantB).Select(u => u.IntegrationId!.Value).ToListAsync());
    }

    [Fact]
    public async Task The_demo_step_is_idempotent_encrypts_its_fake_keys_and_its_default_embeds_offline()
    {
        var step = _host.Get<IEnumerable<Pulse.Core.Demo.IDemoSeedStep>>().OfType<IntegrationsDemoSeedStep>().Single();
        var tenants = new Dictionary<string, int> { ["acme"] = _host.TenantA };
        await step.SeedAsync(tenants, CancellationToken.None);
        await step.SeedAsync(tenants, CancellationToken.None);

        var listed = await _host.Integrations.ListAsync();
        Assert.Equal(4, listed.Count);
        var openAi = listed.Single(i => i.Name == "OpenAI text-embedding-3-small");
        Assert.Equal(["OpenAI text-embedding-3-small", "Azure OpenAI text-embedding-3-small (West Europe)"], openAi.Chain.Select(l => l.Name));
        Assert.Null(openAi.ChainProblem);
        Assert.False(openAi.Active);
        Assert.DoesNotContain("sk-demo", await _host.DumpTableAsync("integrations"));

        var lexical = listed.Single(i => i.IsDefault && i.Subtype == ProviderSubtype.Embedding);
        Assert.Equal(ProviderKind.LocalHashing, lexical.Kind);
        var result = await _host.Embeddings.EmbedAsync(_host.TenantA, ["works without a network"]);
        Assert.Equal(lexical.Id, result.Call.IntegrationId);
        Assert.Equal(384, result.Dimension);
    }

    [Fact]
    public async Task A_connection_test_makes_one_real_call_and_reports_the_dimension_or_the_error_in_plain_words()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var ok = await _host.Integrations.TestConnectionAsync(null, IntegrationsHost.OpenAi("Probe", server.BaseAddress) with { SecretChange = SecretChange.Replace, NewSecret = "k" });
        Assert.True(ok.Success);
        Assert.Equal(8, ok.Dimension);

        var wrong = await _host.Integrations.TestConnectionAsync(null, IntegrationsHost.OpenAi("Probe", server.BaseAddress, dimension: 16));
        Assert.False(wrong.Success);
        Assert.Equal(ProviderErrorCategory.WrongDimension, wrong.ErrorCategory);
        Assert.Equal(2, server.Requests.Count);
        await using var db = _host.Platform();
        Assert.Empty(await db.AiUsage.ToListAsync());
    }
}
