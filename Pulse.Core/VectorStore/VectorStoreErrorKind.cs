namespace Pulse.Core.VectorStore;

/// <summary>What went wrong in a vector store call, in terms a caller can act on.</summary>
public enum VectorStoreErrorKind
{
    /// <summary>The collection, alias, point or snapshot does not exist.</summary>
    NotFound,

    /// <summary>The request is malformed or breaks a rule (wrong vector size, bad name, bad filter).</summary>
    Validation,

    /// <summary>The thing to create already exists.</summary>
    Conflict,

    /// <summary>The store is unreachable, overloaded or rate limiting (transient).</summary>
    Unavailable,

    /// <summary>The store did not answer in time (transient).</summary>
    Timeout,

    /// <summary>The store refused the credentials (API key).</summary>
    Unauthorized,

    /// <summary>The caller's tenant or role may not touch this collection.</summary>
    AccessDenied,

    /// <summary>The store failed in a way not covered above.</summary>
    Internal,
}
