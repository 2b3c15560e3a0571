using Microsoft.Extensions.Logging;
using Npgsql;
using Pulse.Core.Data;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Search;

public sealed partial class SearchService
{
    /// <summary>
    /// The facet figures of the whole result of <paramref name="response"/>'s search, up to the best
    /// <see cref="SearchFacets.Cap"/> matches by the same vector, filter and threshold: nothing is embedded again and no hit
    /// is hydrated (only the columns the figures need are read). Returns the response's own figures when they already cover every match.
    /// </summary>
    public async Task<SearchFacets> FacetsAsync(SearchResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Facets.Scope != FacetScope.Page || response.FacetBasis is not { } basis) return response.Facets;
        var request = response.Request;
        var query = new VectorQuery(basis.Vector)
        {
            Limit = SearchFacets.Cap, Filter = basis.Filter, ScoreThreshold = request.ScoreThreshold,
            Exact = request.Exact, HnswEf = request.Exact ? null : request.HnswEf, WithPayload = true,
        };
        var points = await StoreCallAsync(request.Collection, () => store.QueryAsync(request.Collection, query, cancellationToken));
        try
        {
            return await _facets.ReadAsync(points, points.Count < SearchFacets.Cap ? FacetScope.AllMatches : FacetScope.TopMatches, cancellationToken);
        }
        catch (Exception ex) when (ex is DatabaseUnavailableException or NpgsqlException or InvalidOperationException { InnerException: NpgsqlException })
        {
            LogFacetsFailed(ex, request.Collection);
            throw new SearchFailedException("The matches were found, but PostgreSQL could not be read to group them. Try again in a moment.", ex);
        }
    }

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "Reading the facets of {Collection}'s matches from PostgreSQL failed")]
    private partial void LogFacetsFailed(Exception ex, string collection);
}
