using Pulse.Core.VectorStore;

namespace Pulse.Core.Search;

/// <summary>A collection the caller may search, and whether an available integration speaks its vector space.</summary>
/// <param name="Name">Full collection name.</param>
/// <param name="Dimension">Its vectors' length.</param>
/// <param name="Distance">How it compares vectors.</param>
/// <param name="Points">How many points it holds.</param>
/// <param name="MatchingIntegrations">Integrations whose vectors have this dimension.</param>
public sealed record CollectionOption(string Name, int Dimension, Distance Distance, long Points, IReadOnlyList<IntegrationOption> MatchingIntegrations)
{
    /// <summary>True when at least one available integration embeds into this collection's dimension.</summary>
    public bool Searchable => MatchingIntegrations.Count > 0;

    /// <summary>The tenant's own name for it (without <c>client_{id}_</c>), or the full name for platform collections.</summary>
    public string DisplayName => CollectionNames.TryParseTenant(Name, out _, out var logical) ? logical : Name;

    /// <summary>What a picker shows, including why an unsearchable collection is unsearchable.</summary>
    public string Label => Searchable
        ? $"{DisplayName} · {Dimension} dims · {Points:N0} points"
        : $"{DisplayName} · {Dimension} dims · no integration produces {Dimension}-dim vectors";
}
