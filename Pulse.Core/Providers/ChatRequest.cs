namespace Pulse.Core.Providers;

/// <summary>A chat-completion request independent of the provider.</summary>
/// <param name="Messages">The conversation, oldest first; at least one.</param>
/// <param name="MaxOutputTokens">Cap on the answer's tokens; null for the provider's default.</param>
/// <param name="Temperature">Sampling temperature; null for the provider's default.</param>
public sealed record ChatRequest(IReadOnlyList<ChatMessage> Messages, int? MaxOutputTokens = null, double? Temperature = null);
