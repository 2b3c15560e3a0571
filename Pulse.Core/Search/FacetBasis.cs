using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Search;

/// <summary>What a search's whole-result facets are counted from: its query vector and its complete filter (payload filter and restrictions).</summary>
internal sealed record FacetBasis(float[] Vector, Filter? Filter);
