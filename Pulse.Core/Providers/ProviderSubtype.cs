namespace Pulse.Core.Providers;

/// <summary>What an AI integration is used for (seed 000 <c>integration_subtype</c>).</summary>
public enum ProviderSubtype
{
    /// <summary>Turns text into vectors.</summary>
    Embedding,

    /// <summary>Chat completions (text generation, analysis).</summary>
    Llm,
}
