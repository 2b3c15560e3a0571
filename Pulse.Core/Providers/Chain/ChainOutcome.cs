namespace Pulse.Core.Providers.Chain;

/// <summary>The value the chain obtained and how.</summary>
internal sealed record ChainOutcome<T>(T Value, ProviderCallInfo Call);
