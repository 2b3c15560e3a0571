namespace Pulse.Core.VectorStore;

/// <summary>Raised when a caller addresses a collection outside its tenant, or a platform collection without the role.</summary>
public sealed class VectorStoreAccessDeniedException : VectorStoreException
{
    public VectorStoreAccessDeniedException(string collectionName, string message)
        : base(VectorStoreErrorKind.AccessDenied, message)
    {
        CollectionName = collectionName;
    }

    /// <summary>The collection (or alias) that was refused.</summary>
    public string CollectionName { get; }
}
