using Pulse.Core.Providers;

namespace Pulse.Core.Preferences;

/// <summary>An enabled AI integration of the tenant that may be chosen as a default.</summary>
public sealed record IntegrationOption(int Id, string Name, ProviderSubtype Subtype, ProviderKind? Kind)
{
    /// <summary>
    /// "Name (Provider)" for a drop-down; without the repetition when one already says the other (the built-in
    /// embedder is named "Built-in lexical embedder" and labelled with that and "(feature hashing, not neural)").
    /// </summary>
    public string Label => Kind is not { } kind ? Name : ProviderNames.Label(kind) switch
    {
        var provider when provider.StartsWith(Name, StringComparison.OrdinalIgnoreCase) => provider,
        var provider when Name.StartsWith(provider, StringComparison.OrdinalIgnoreCase) => Name,
        var provider => $"{Name} ({provider})",
    };
}
