namespace Pulse.Core.Providers;

/// <summary>The protocol family of an AI integration; decides which client speaks to it.</summary>
public enum ProviderKind
{
    /// <summary>api.openai.com (or a base URL speaking exactly its protocol with a Bearer key).</summary>
    OpenAI,

    /// <summary>An Azure OpenAI resource: deployments in the URL, an <c>api-key</c> header.</summary>
    AzureOpenAI,

    /// <summary>Sentence Transformers models served by Hugging Face text-embeddings-inference.</summary>
    SentenceTransformers,

    /// <summary>A custom OpenAI-compatible gateway with its own base URL and extra headers.</summary>
    Gateway,

    /// <summary>The built-in lexical embedder (feature hashing); needs no network and no key.</summary>
    LocalHashing,
}
