using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Core.Tests.Testing;
using Pulse.Testing.Http;
using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Providers;

/// <summary>Each embedding client against a loopback server speaking its protocol, traffic checked against the published spec.</summary>
public sealed class EmbeddingClientProtocolTests : IDisposable
{
    private const string Key = "sk-protocol-test-key-0123456789";
    private readonly ProviderTestHost _host = new();

    public void Dispose() => _host.Dispose();

    [SpecFact(SpecsFolder.OpenAi)]
    public async Task The_OpenAI_client_posts_a_spec_valid_request_with_a_bearer_key_and_reads_usage()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.OpenAi, r => Task.FromResult(FakeProviderResponses.OpenAiEmbeddings(r, 8)), strictRequests: true);
        var client = _host.Clients.CreateEmbeddingClient(TestSpecs.OpenAi(server.BaseAddress));

        var response = await client.EmbedAsync(["first text", "second text here"], new ProviderCredential(Key), CancellationToken.None);

        server.AssertTrafficMatchesSpec();
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/embeddings", request.Path);
        Assert.Equal($"Bearer {Key}", request.Header("Authorization"));
        Assert.Equal("float", request.JsonBody().GetProperty("encoding_format").GetString());
        Assert.Equal(2, response.Vectors.Count);
        Assert.All(response.Vectors, v => Assert.Equal(8, v.Length));
        Assert.Equal(new TokenUsage(6, 0, 6, false), response.Usage);
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public async Task A_base_url_that_already_ends_in_v1_is_not_doubled()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.OpenAi, r => Task.FromResult(FakeProviderResponses.OpenAiEmbeddings(r, 8)), strictRequests: true);
        var spec = TestSpecs.OpenAi(new Uri(server.BaseAddress, "v1/"));

        await _host.Clients.CreateEmbeddingClient(spec).EmbedAsync(["x"], new ProviderCredential(Key), CancellationToken.None);

        Assert.Equal("/v1/embeddings", Assert.Single(server.Requests).Path);
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public async Task Dimensions_are_sent_only_when_the_integration_asks_for_shortened_vectors()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.OpenAi, r => Task.FromResult(FakeProviderResponses.OpenAiEmbeddings(r, 8)), strictRequests: true);
        var spec = TestSpecs.OpenAi(server.BaseAddress) with { SendDimensions = true };

        await _host.Clients.CreateEmbeddingClient(spec).EmbedAsync(["x"], new ProviderCredential(Key), CancellationToken.None);

        server.AssertTrafficMatchesSpec();
        Assert.Equal(8, Assert.Single(server.Requests).JsonBody().GetProperty("dimensions").GetInt32());
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public async Task The_Azure_client_uses_the_deployment_path_the_api_version_and_the_api_key_header()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var client = _host.Clients.CreateEmbeddingClient(TestSpecs.Azure(server.BaseAddress));

        var response = await client.EmbedAsync(["hello azure"], new ProviderCredential(Key), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/emb-deploy/embeddings?api-version=2024-10-21", request.PathAndQuery);
        Assert.Equal(Key, request.Header("api-key"));
        Assert.Null(request.Header("Authorization"));
        // Azure's body is OpenAI's; the path differs, so check the body against the schema.
        Assert.Empty(PublishedSpecs.OpenAi.ValidateSchema(request.Body, "CreateEmbeddingRequest", strict: true));
        Assert.Single(response.Vectors);
    }

    [SpecFact(SpecsFolder.Tei)]
    public async Task The_TEI_client_posts_inputs_to_embed_and_counts_tokens_from_the_compute_header()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.Tei, r => Task.FromResult(FakeProviderResponses.TeiEmbed(r, 8, computeTokens: 11)), strictRequests: true);
        var client = _host.Clients.CreateEmbeddingClient(TestSpecs.Tei(server.BaseAddress));

        var response = await client.EmbedAsync(["one", "two", "three"], null, CancellationToken.None);

        server.AssertTrafficMatchesSpec();
        var request = Assert.Single(server.Requests);
        Assert.Equal("/embed", request.Path);
        Assert.Equal(3, request.JsonBody().GetProperty("inputs").GetArrayLength());
        Assert.Equal(3, response.Vectors.Count);
        Assert.Equal(new TokenUsage(11, 0, 11, false), response.Usage);
    }

    [SpecFact(SpecsFolder.Tei)]
    public async Task Without_the_compute_header_TEI_tokens_are_estimated_and_marked_so()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.Tei, r => Task.FromResult(FakeProviderResponses.TeiEmbed(r, 8)), strictRequests: true);
        var client = _host.Clients.CreateEmbeddingClient(TestSpecs.Tei(server.BaseAddress));

        var response = await client.EmbedAsync(["twelve chars"], null, CancellationToken.None);

        Assert.True(response.Usage.Estimated);
        Assert.Equal(3, response.Usage.InputTokens);
    }

    [SpecFact(SpecsFolder.Tei)]
    public async Task The_TEI_client_can_use_the_openai_compatible_route()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.Tei, r => Task.FromResult(FakeProviderResponses.OpenAiEmbeddings(r, 8, "thenlper/gte-base")), strictRequests: true);
        var client = _host.Clients.CreateEmbeddingClient(TestSpecs.Tei(server.BaseAddress, openAiRoute: true));

        var response = await client.EmbedAsync(["a", "b"], null, CancellationToken.None);

        server.AssertTrafficMatchesSpec();
        Assert.Equal("/v1/embeddings", Assert.Single(server.Requests).Path);
        Assert.Equal(2, response.Vectors.Count);
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public async Task The_gateway_client_sends_extra_headers_and_the_key_in_the_configured_header()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.OpenAi, r => Task.FromResult(FakeProviderResponses.OpenAiEmbeddings(r, 8)), strictRequests: true);
        var spec = TestSpecs.OpenAi(server.BaseAddress) with
        {
            Kind = ProviderKind.Gateway,
            ExtraHeaders = new Dictionary<string, string> { ["X-Route"] = "embeddings-eu" },
            CredentialHeaderName = "X-Api-Key",
        };

        await _host.Clients.CreateEmbeddingClient(spec).EmbedAsync(["x"], new ProviderCredential(Key), CancellationToken.None);

        server.AssertTrafficMatchesSpec();
        var request = Assert.Single(server.Requests);
        Assert.Equal("embeddings-eu", request.Header("X-Route"));
        Assert.Equal(Key, request.Header("X-Api-Key"));
        Assert.Null(request.Header("Authorization"));
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public async Task Inputs_beyond_the_batch_size_are_sent_in_order_as_several_requests()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.OpenAi, r => Task.FromResult(FakeProviderResponses.OpenAiEmbeddings(r, 8)), strictRequests: true);
        var spec = TestSpecs.OpenAi(server.BaseAddress) with { Performance = new PerformanceConfig(BatchSize: 2, MaxRetries: 0) };
        var texts = new[] { "alpha", "beta", "gamma", "delta", "epsilon" };

        var response = await _host.Clients.CreateEmbeddingClient(spec).EmbedAsync(texts, new ProviderCredential(Key), CancellationToken.None);

        server.AssertTrafficMatchesSpec();
        Assert.Equal(3, server.Requests.Count);
        var local = new Pulse.Core.Providers.Local.LocalHashingEmbedder(8);
        Assert.Equal(texts.Select(local.Embed), response.Vectors);
        Assert.Equal(texts.Length + 3, response.Usage.InputTokens);
    }

    [Fact]
    public async Task An_OpenAI_integration_without_a_key_fails_as_a_configuration_problem_without_calling()
    {
        await using var server = await LoopbackHttpServer.StartAsync(r => FakeProviderResponses.OpenAiEmbeddings(r, 8));
        var client = _host.Clients.CreateEmbeddingClient(TestSpecs.OpenAi(server.BaseAddress));

        var error = await Assert.ThrowsAsync<ProviderException>(() => client.EmbedAsync(["x"], null, CancellationToken.None));

        Assert.Equal(ProviderErrorCategory.Configuration, error.Category);
        Assert.Contains("no API key", error.Message);
        Assert.Empty(server.Requests);
    }
}
