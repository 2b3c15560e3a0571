namespace Pulse.Core.VectorStore.Filters;

/// <summary>Raised by <see cref="FilterJson.Parse"/> for filter JSON that is malformed or not a filter; names the path.</summary>
public sealed class FilterParseException : VectorStoreException
{
    public FilterParseException(string path, string problem, Exception? innerException = null)
        : base(VectorStoreErrorKind.Validation, $"Invalid filter at {path}: {problem}", innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>Where in the JSON the problem is, as a JSONPath such as <c>$.must[1].match</c>.</summary>
    public string Path { get; }

    /// <summary>The problem alone, without the path.</summary>
    public string Problem { get; }
}
