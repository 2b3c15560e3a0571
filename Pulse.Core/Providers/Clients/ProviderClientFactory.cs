using Pulse.Core.Providers.Local;

namespace Pulse.Core.Providers.Clients;

/// <summary>Picks the protocol client for an integration's kind, over the pooled provider HttpClient.</summary>
internal sealed class ProviderClientFactory(IHttpClientFactory httpClientFactory) : IProviderClientFactory
{
    /// <summary>The named HttpClient every provider request goes through.</summary>
    public const string HttpClientName = "Pulse.Providers";

    public IEmbeddingClient CreateEmbeddingClient(IntegrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            ProviderKind.LocalHashing => new LocalHashingEmbedder(spec),
            ProviderKind.SentenceTransformers when !spec.UseOpenAiCompatibleRoute => new TeiEmbeddingClient(Http(), spec),
            _ => new OpenAiCompatibleEmbeddingClient(Http(), spec),
        };
    }

    public IChatCompletionClient CreateChatClient(IntegrationSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            ProviderKind.OpenAI or ProviderKind.AzureOpenAI or ProviderKind.Gateway => new OpenAiCompatibleChatClient(Http(), spec),
            _ => throw ProviderEndpoints.Misconfigured(spec, $"is a {ProviderNames.Label(spec.Kind)}, which cannot generate text"),
        };
    }

    private HttpClient Http() => httpClientFactory.CreateClient(HttpClientName);
}
