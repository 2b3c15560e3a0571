using Pulse.Core.Providers;

namespace Pulse.Core.Preferences;

/// <summary>An enabled AI integration of the tenant that may be chosen as a default.</summary>
public sealed record IntegrationOption(int Id, string Name, ProviderSubtype Subtype, ProviderKind? Kind)
{
    /// <summary>"Name (Provider)" for a drop-down.</summary>
    public string Label => Kind is { } kind ? $"{Name} ({ProviderNames.Label(kind)})" : Name;
}
