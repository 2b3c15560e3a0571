using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Search;

/// <summary>Checks a request's shape before anything is paid for; every problem is a <see cref="ValidationFailedException"/> in words.</summary>
internal static class SearchRequestValidator
{
    /// <summary>The parsed payload filter (null when none was given).</summary>
    public static Filter? Validate(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Query))
            throw new ValidationFailedException("Type a query: the search needs some text to embed.", nameof(request.Query));
        if (request.Query.Length > SearchRequest.MaxQueryLength)
            throw new ValidationFailedException(
                $"The query is {request.Query.Length:N0} characters long; the limit is {SearchRequest.MaxQueryLength:N0}. Shorten it: search works best on a sentence or two.",
                nameof(request.Query));
        ValidateCollection(request.Collection);
        if (request.Limit is < 1 or > SearchRequest.MaxLimit)
            throw new ValidationFailedException($"The limit must be 1 to {SearchRequest.MaxLimit}; it is {request.Limit}.", nameof(request.Limit));
        if (request.Offset is < 0 or > 10_000)
            throw new ValidationFailedException($"The page offset must be 0 to 10,000; it is {request.Offset}.", nameof(request.Offset));
        if (request.ScoreThreshold is { } t && (float.IsNaN(t) || float.IsInfinity(t)))
            throw new ValidationFailedException("The score threshold must be a number.", nameof(request.ScoreThreshold));
        if (request.HnswEf is < 1 or > 4096)
            throw new ValidationFailedException($"ef must be 1 to 4,096; it is {request.HnswEf}.", nameof(request.HnswEf));
        if (request.CreatedWithinDays is < 1 or > 3650)
            throw new ValidationFailedException($"The creation window must be 1 to 3,650 days; it is {request.CreatedWithinDays}.", nameof(request.CreatedWithinDays));
        if (request.ContentType is { Length: > 100 })
            throw new ValidationFailedException("A content type is at most 100 characters long.", nameof(request.ContentType));
        return ParseFilter(request.FilterJson);
    }

    public static void ValidateCollection(string? collection)
    {
        if (string.IsNullOrWhiteSpace(collection))
            throw new ValidationFailedException("Pick a collection to search.", nameof(SearchRequest.Collection));
        if (CollectionNames.Problem(collection) is { } problem)
            throw new ValidationFailedException(problem, nameof(SearchRequest.Collection));
    }

    public static Filter? ParseFilter(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            var filter = FilterJson.Parse(json);
            return filter.MatchesAll ? null : filter;
        }
        catch (FilterParseException ex)
        {
            throw new ValidationFailedException($"The payload filter is not valid. {ex.Message}", nameof(SearchRequest.FilterJson));
        }
    }

    /// <summary>The payload fields a filter names (for "no point has field x" hints).</summary>
    public static IEnumerable<string> Keys(Condition condition) => condition switch
    {
        Filter f => f.Must.Concat(f.Should).Concat(f.MustNot).SelectMany(Keys),
        MatchValueCondition c => [c.Key],
        MatchAnyCondition c => [c.Key],
        MatchExceptCondition c => [c.Key],
        MatchTextCondition c => [c.Key],
        RangeCondition c => [c.Key],
        ValuesCountCondition c => [c.Key],
        IsEmptyCondition c => [c.Key],
        IsNullCondition c => [c.Key],
        NestedCondition c => [c.Key],
        _ => [],
    };

    /// <summary>Why the query's vectors cannot be compared with the collection's.</summary>
    public static string DimensionMismatch(string collection, int collectionDimension, string integration, string model, int queryDimension) =>
        $"Collection '{collection}' holds {collectionDimension}-dimensional vectors, but '{integration}' (model {model}) embeds the query " +
        $"as {queryDimension}-dimensional vectors. Vectors from different models live in different vector spaces and cannot be compared: " +
        $"pick a collection built with a {queryDimension}-dim model, or an integration that produces {collectionDimension}-dim vectors.";
}
