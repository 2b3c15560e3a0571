namespace Pulse.Core.Search;

/// <summary>The same query on two sides (collections or integrations), and how much their top-k lists agree.</summary>
/// <param name="Left">The first side.</param>
/// <param name="Right">The second side.</param>
/// <param name="SharedKeys">Sources (see <see cref="SearchHit.SourceKey"/>) found by both sides.</param>
public sealed record CompareResponse(SearchResponse Left, SearchResponse Right, IReadOnlySet<string> SharedKeys)
{
    /// <summary>Shared sources over the sources found by either side (Jaccard), 0 to 1.</summary>
    public double OverlapRatio
    {
        get
        {
            var union = Left.Hits.Select(h => h.SourceKey).Union(Right.Hits.Select(h => h.SourceKey)).Count();
            return union == 0 ? 0 : (double)SharedKeys.Count / union;
        }
    }
}
