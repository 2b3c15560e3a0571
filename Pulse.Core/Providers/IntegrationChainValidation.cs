namespace Pulse.Core.Providers;

/// <summary>The usable part of a chain and, in plain words, anything wrong with the rest.</summary>
/// <param name="Chain">Primary first, cut before the first link that cannot be used.</param>
/// <param name="Problems">Why links were cut; empty when the whole chain is usable.</param>
public sealed record IntegrationChainValidation(IReadOnlyList<IntegrationSpec> Chain, IReadOnlyList<string> Problems)
{
    /// <summary>True when every configured fallback can be used.</summary>
    public bool IsValid => Problems.Count == 0;
}
