namespace Pulse.Core.Providers.Chain;

/// <summary>One integration's validated answer, before the chain adds cost and timing.</summary>
internal sealed record ProviderReply<T>(T Value, TokenUsage Usage, string? Model)
{
    /// <summary>Inputs answered from the embedding cache rather than by the provider (their tokens are not in <see cref="Usage"/>).</summary>
    public int CachedInputs { get; init; }
}
