namespace Pulse.Core.VectorStore;

/// <summary>
/// Raised (kind <see cref="VectorStoreErrorKind.Validation"/>) when an operation needs a payload index the collection
/// does not have; Qdrant facets only keys with a keyword, integer or bool index.
/// </summary>
public sealed class PayloadIndexRequiredException : VectorStoreException
{
    public PayloadIndexRequiredException(string collectionName, string fieldName, string detail, Exception? innerException = null)
        : base(VectorStoreErrorKind.Validation,
            $"Counting the values of '{fieldName}' in collection '{collectionName}' needs a payload index on '{fieldName}': " +
            $"create a keyword index on it (an integer or bool index for numbers or booleans) and try again. ({detail})",
            innerException)
    {
        CollectionName = collectionName;
        FieldName = fieldName;
    }

    public string CollectionName { get; }

    /// <summary>The payload key that has no suitable index.</summary>
    public string FieldName { get; }
}
