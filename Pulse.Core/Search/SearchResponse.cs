using Pulse.Core.Providers;

namespace Pulse.Core.Search;

/// <summary>What one search returned and what it cost.</summary>
public sealed record SearchResponse
{
    public required SearchRequest Request { get; init; }

    public required IReadOnlyList<SearchHit> Hits { get; init; }

    public required SearchTiming Timing { get; init; }

    /// <summary>How the query was embedded (integration, fallback, tokens, cost); null for "find similar", which embeds nothing.</summary>
    public ProviderCallInfo? Embedding { get; init; }

    /// <summary>The collection's vector dimension.</summary>
    public required int Dimension { get; init; }

    /// <summary>The figures shown with the hits: every match's when the page holds the whole result, otherwise the page's until <see cref="SearchService.FacetsAsync"/> counts the whole result.</summary>
    public required SearchFacets Facets { get; init; }

    /// <summary>The query vector and filter the hits came from, so the whole result's facets need no second embedding.</summary>
    internal FacetBasis? FacetBasis { get; init; }

    /// <summary>True when a full page came back, so a next page may exist.</summary>
    public bool MayHaveMore => Hits.Count == Request.Limit;

    /// <summary>Set for "find similar": the point whose neighbours these are.</summary>
    public string? SimilarTo { get; init; }

    /// <summary>A hint beside the hits, e.g. that the filter names a field no point has.</summary>
    public string? Notice { get; init; }
}
