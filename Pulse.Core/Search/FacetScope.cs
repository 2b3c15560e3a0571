namespace Pulse.Core.Search;

/// <summary>Which hits <see cref="SearchFacets"/> describe.</summary>
public enum FacetScope
{
    /// <summary>The hits of the page shown.</summary>
    Page,

    /// <summary>Every hit the query and filter match (there were no more than <see cref="SearchFacets.Cap"/>).</summary>
    AllMatches,

    /// <summary>The best <see cref="SearchFacets.Cap"/> matches; more match beyond them.</summary>
    TopMatches,
}
