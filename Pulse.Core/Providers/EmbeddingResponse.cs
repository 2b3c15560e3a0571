namespace Pulse.Core.Providers;

/// <summary>What a provider returned for an embedding request: one vector per input, in input order.</summary>
public sealed record EmbeddingResponse(IReadOnlyList<float[]> Vectors, TokenUsage Usage, string? Model);
