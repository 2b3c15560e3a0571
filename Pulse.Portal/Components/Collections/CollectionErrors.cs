using Pulse.Core;
using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Portal.Components.Collections;

/// <summary>The failures a collections page shows as a message (everything else is a bug and goes to the error page).</summary>
public static class CollectionErrors
{
    /// <summary>True for failures a person can act on: refusals, validation, a store that is down.</summary>
    public static bool IsExpected(Exception ex) =>
        ex is VectorStoreException or ValidationFailedException or TenantAccessDeniedException or DatabaseUnavailableException
            or Pulse.Core.Collections.Schema.CollectionRebuildException;

    /// <summary>The message to show for an expected failure.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        VectorStoreException { Kind: VectorStoreErrorKind.Unavailable or VectorStoreErrorKind.Timeout } =>
            $"The vector store is not answering; try again shortly. ({ex.Message})",
        _ => ex.Message,
    };
}
