namespace Pulse.Core.Providers.Clients;

/// <summary>The OpenAI chat-completions protocol, for OpenAI, Azure OpenAI and gateways.</summary>
internal sealed class OpenAiCompatibleChatClient(HttpClient http, IntegrationSpec spec) : IChatCompletionClient
{
    public IntegrationSpec Spec { get; } = spec;

    public async Task<ChatResponse> CompleteAsync(ChatRequest request, ProviderCredential? credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Messages.Count == 0)
        {
            throw new ArgumentException("A chat request needs at least one message.", nameof(request));
        }

        var uri = ProviderEndpoints.ChatCompletions(Spec);
        using var message = ProviderRequests.CreatePost(Spec, credential, uri, OpenAiJson.ChatRequest(Spec, request));
        var response = await ProviderHttp.SendAsync(http, message, Spec, credential, cancellationToken).ConfigureAwait(false);
        var (content, finish, usage, model) = OpenAiJson.ReadChat(response.Body, Spec);
        usage ??= TokenUsage.Estimate(
            TokenEstimator.EstimateTokens(request.Messages.Select(m => m.Content)), TokenEstimator.EstimateTokens(content));
        return new ChatResponse(content, usage, model, finish);
    }
}
