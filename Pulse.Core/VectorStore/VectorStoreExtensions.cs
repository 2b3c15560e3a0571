namespace Pulse.Core.VectorStore;

/// <summary>Lookups over <see cref="IVectorStore"/> that its contract leaves to callers.</summary>
public static class VectorStoreExtensions
{
    /// <summary>
    /// True when <paramref name="name"/> reaches points: a collection, or an alias of one (as every collection a schema
    /// creates is). <see cref="IVectorStore.CollectionExistsAsync"/> answers for collections only, as Qdrant's does.
    /// </summary>
    public static async Task<bool> ResolvesAsync(this IVectorStore store, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.CollectionExistsAsync(name, cancellationToken).ConfigureAwait(false)
            || (await store.ListAliasesAsync(cancellationToken).ConfigureAwait(false)).Any(a => a.AliasName == name);
    }
}
