namespace Pulse.Core.Providers;

/// <summary>The model's answer, why it stopped, and how the call was served.</summary>
public sealed record TextGenerationResult(string Content, string? FinishReason, ProviderCallInfo Call);
