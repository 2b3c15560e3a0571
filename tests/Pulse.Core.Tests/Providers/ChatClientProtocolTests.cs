using Pulse.Core.Providers;
using Pulse.Core.Tests.Providers.Support;
using Pulse.Core.Tests.Testing;
using Pulse.Testing.Http;
using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Providers;

/// <summary>The chat-completion clients against loopback servers speaking OpenAI's protocol.</summary>
public sealed class ChatClientProtocolTests : IDisposable
{
    private const string Key = "sk-chat-test-key-9876543210";
    private readonly ProviderTestHost _host = new();

    public void Dispose() => _host.Dispose();

    private static ChatRequest Question => new([ChatMessage.System("Be brief."), ChatMessage.User("What is Pulse?")], MaxOutputTokens: 50, Temperature: 0.2);

    [SpecFact(SpecsFolder.OpenAi)]
    public async Task The_OpenAI_chat_client_posts_a_spec_valid_request_and_reads_the_answer_and_usage()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.OpenAi, _ => Task.FromResult(FakeProviderResponses.ChatCompletion("An admin portal.", 20, 4)), strictRequests: true);
        var client = _host.Clients.CreateChatClient(TestSpecs.Chat(server.BaseAddress));

        var response = await client.CompleteAsync(Question, new ProviderCredential(Key), CancellationToken.None);

        server.AssertTrafficMatchesSpec();
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {Key}", request.Header("Authorization"));
        Assert.Equal(50, request.JsonBody().GetProperty("max_completion_tokens").GetInt32());
        Assert.Equal("An admin portal.", response.Content);
        Assert.Equal("stop", response.FinishReason);
        Assert.Equal(new TokenUsage(20, 4, 24, false), response.Usage);
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public async Task The_Azure_chat_client_uses_the_deployment_path_and_api_key_header()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.ChatCompletion("ok"));
        var client = _host.Clients.CreateChatClient(TestSpecs.Chat(server.BaseAddress, ProviderKind.AzureOpenAI));

        await client.CompleteAsync(Question, new ProviderCredential(Key), CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/chat/chat/completions?api-version=2024-10-21", request.PathAndQuery);
        Assert.Equal(Key, request.Header("api-key"));
        Assert.Empty(PublishedSpecs.OpenAi.ValidateSchema(request.Body, "CreateChatCompletionRequest", strict: true));
    }

    [SpecFact(SpecsFolder.OpenAi)]
    public async Task The_gateway_chat_client_sends_max_tokens_and_works_without_a_key()
    {
        await using var server = await SpecCheckedServer.StartAsync(PublishedSpecs.OpenAi, _ => Task.FromResult(FakeProviderResponses.ChatCompletion("ok")), strictRequests: true);
        var client = _host.Clients.CreateChatClient(TestSpecs.Chat(server.BaseAddress, ProviderKind.Gateway));

        await client.CompleteAsync(Question, null, CancellationToken.None);

        server.AssertTrafficMatchesSpec();
        var request = Assert.Single(server.Requests);
        Assert.Equal(50, request.JsonBody().GetProperty("max_tokens").GetInt32());
        Assert.Null(request.Header("Authorization"));
    }

    [Fact]
    public async Task Missing_usage_is_estimated_and_marked_so()
    {
        await using var server = await LoopbackHttpServer.StartAsync(_ => FakeProviderResponses.ChatCompletion("four char", includeUsage: false));
        var client = _host.Clients.CreateChatClient(TestSpecs.Chat(server.BaseAddress, ProviderKind.Gateway));

        var response = await client.CompleteAsync(Question, null, CancellationToken.None);

        Assert.True(response.Usage.Estimated);
        Assert.Equal(3, response.Usage.OutputTokens);
    }

    [Fact]
    public void A_text_embeddings_server_cannot_be_used_for_chat()
    {
        var spec = TestSpecs.Tei(new Uri("http://127.0.0.1:1/"));

        var error = Assert.Throws<ProviderException>(() => _host.Clients.CreateChatClient(spec));

        Assert.Equal(ProviderErrorCategory.Configuration, error.Category);
    }
}
