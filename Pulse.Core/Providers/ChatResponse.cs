namespace Pulse.Core.Providers;

/// <summary>The first choice of a chat completion, with the provider's usage.</summary>
public sealed record ChatResponse(string Content, TokenUsage Usage, string? Model, string? FinishReason);
