namespace Pulse.Core.Providers;

/// <summary>Creates the client that speaks an integration's protocol, over the pooled provider HttpClient.</summary>
public interface IProviderClientFactory
{
    /// <summary>An embedding client for <paramref name="spec"/>; a <see cref="ProviderException"/> (Configuration) when the kind cannot embed or the spec is incomplete.</summary>
    IEmbeddingClient CreateEmbeddingClient(IntegrationSpec spec);

    /// <summary>A chat client for <paramref name="spec"/>; a <see cref="ProviderException"/> (Configuration) when the kind has no chat protocol.</summary>
    IChatCompletionClient CreateChatClient(IntegrationSpec spec);
}
