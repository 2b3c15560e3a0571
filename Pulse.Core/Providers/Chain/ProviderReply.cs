namespace Pulse.Core.Providers.Chain;

/// <summary>One integration's validated answer, before the chain adds cost and timing.</summary>
internal sealed record ProviderReply<T>(T Value, TokenUsage Usage, string? Model);
