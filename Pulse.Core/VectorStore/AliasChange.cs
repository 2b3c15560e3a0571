namespace Pulse.Core.VectorStore;

/// <summary>
/// One step of an atomic alias update: a list of these is applied all at once, so a
/// "delete old alias, create it on the new collection" swap is never seen half done.
/// </summary>
public sealed record AliasChange
{
    private AliasChange(string aliasName, string? collectionName)
    {
        AliasName = aliasName;
        CollectionName = collectionName;
    }

    public string AliasName { get; }

    /// <summary>The target collection for a create; null for a delete.</summary>
    public string? CollectionName { get; }

    public bool IsDelete => CollectionName is null;

    /// <summary>Points <paramref name="aliasName"/> at <paramref name="collectionName"/>.</summary>
    public static AliasChange Create(string aliasName, string collectionName) => new(aliasName, collectionName);

    /// <summary>Removes <paramref name="aliasName"/> if it exists.</summary>
    public static AliasChange Delete(string aliasName) => new(aliasName, null);
}
