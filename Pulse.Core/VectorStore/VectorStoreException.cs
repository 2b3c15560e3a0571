namespace Pulse.Core.VectorStore;

/// <summary>
/// The one exception type vector stores raise: transport, HTTP and storage errors are translated into it,
/// so callers decide on <see cref="Kind"/> and <see cref="IsTransient"/> instead of on raw exceptions.
/// </summary>
public class VectorStoreException : Exception
{
    public VectorStoreException(VectorStoreErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public VectorStoreErrorKind Kind { get; }

    /// <summary>True when retrying the same call later may succeed (unavailable, rate limited, timed out).</summary>
    public bool IsTransient => Kind is VectorStoreErrorKind.Unavailable or VectorStoreErrorKind.Timeout;

    /// <summary>The HTTP status the store answered with, when it came over HTTP.</summary>
    public int? StatusCode { get; init; }

    internal static VectorStoreException CollectionNotFound(string name) =>
        new(VectorStoreErrorKind.NotFound, $"Collection '{name}' does not exist.");

    internal static VectorStoreException PointNotFound(PointId id) =>
        new(VectorStoreErrorKind.NotFound, $"No point with id {id} found.");

    internal static VectorStoreException WrongDimension(string collection, int expected, int actual) =>
        new(VectorStoreErrorKind.Validation,
            $"Vector dimension error in collection '{collection}': expected dim: {expected}, got {actual}.");
}
