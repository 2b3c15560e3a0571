namespace Pulse.Core.Integrations;

/// <summary>A fallback chain as it would be after an edit, and what is wrong with it in plain words.</summary>
/// <param name="Links">The integration first, then each fallback in turn.</param>
/// <param name="Problem">Why the configuration would be refused; null when it is fine.</param>
public sealed record ChainPreview(IReadOnlyList<ChainLink> Links, string? Problem)
{
    /// <summary>True when the chain can be saved.</summary>
    public bool IsValid => Problem is null;
}
