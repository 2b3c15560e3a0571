namespace Pulse.Core.Providers;

/// <summary>Speaks one chat-completion protocol for one integration; a single attempt per call.</summary>
public interface IChatCompletionClient
{
    /// <summary>The integration this client speaks to.</summary>
    IntegrationSpec Spec { get; }

    /// <summary>Sends the conversation and returns the first choice. Failures are <see cref="ProviderException"/>s.</summary>
    Task<ChatResponse> CompleteAsync(ChatRequest request, ProviderCredential? credential, CancellationToken cancellationToken);
}
