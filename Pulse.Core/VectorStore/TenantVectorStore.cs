using System.Text.Json.Nodes;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore;

/// <summary>
/// The vector store as one caller may see it, and what pages use. Tenant users reach only
/// <c>client_{their tenant}_*</c>; platform collections (no <c>client_</c> prefix) need the platform admin
/// or ops role; platform admins reach everything. Refusals raise <see cref="VectorStoreAccessDeniedException"/>.
/// Aliases are checked by their own name, so a tenant alias can only be created over the tenant's collections.
/// </summary>
public sealed class TenantVectorStore(IVectorStore inner, ITenantContext tenant) : IVectorStore
{
    /// <summary>The full name of the caller's collection <paramref name="logicalName"/>.</summary>
    public string CollectionName(string logicalName) => CollectionNames.ForTenant(
        tenant.TenantId ?? throw new VectorStoreAccessDeniedException(logicalName, "No tenant is selected, so there is no tenant collection to address."),
        logicalName);

    /// <summary>True when the caller may address <paramref name="collectionName"/>.</summary>
    public bool CanAccess(string collectionName)
    {
        if (tenant.IsPlatformAdmin)
        {
            return true;
        }

        if (CollectionNames.TryParseTenant(collectionName, out var owner, out _))
        {
            return tenant.TenantId == owner;
        }

        return CollectionNames.IsPlatform(collectionName) && tenant.Roles.Contains(PulseRoles.Ops);
    }

    public Task<VectorStoreHealth> GetHealthAsync(CancellationToken cancellationToken = default) => inner.GetHealthAsync(cancellationToken);

    /// <summary>The caller's collections (and platform ones for platform admins and ops); a platform admin with a tenant picked sees that tenant's.</summary>
    public async Task<IReadOnlyList<string>> ListCollectionsAsync(CancellationToken cancellationToken = default) =>
        [.. (await inner.ListCollectionsAsync(cancellationToken)).Where(Listed)];

    public Task<bool> CollectionExistsAsync(string collectionName, CancellationToken cancellationToken = default) =>
        inner.CollectionExistsAsync(Check(collectionName), cancellationToken);

    public Task CreateCollectionAsync(string collectionName, CollectionDefinition definition, CancellationToken cancellationToken = default) =>
        inner.CreateCollectionAsync(Check(collectionName), definition, cancellationToken);

    public Task<bool> DeleteCollectionAsync(string collectionName, CancellationToken cancellationToken = default) =>
        inner.DeleteCollectionAsync(Check(collectionName), cancellationToken);

    public Task<CollectionInfo> GetCollectionInfoAsync(string collectionName, CancellationToken cancellationToken = default) =>
        inner.GetCollectionInfoAsync(Check(collectionName), cancellationToken);

    public Task CreatePayloadIndexAsync(string collectionName, string fieldName, PayloadFieldType fieldType, CancellationToken cancellationToken = default) =>
        inner.CreatePayloadIndexAsync(Check(collectionName), fieldName, fieldType, cancellationToken);

    public Task DeletePayloadIndexAsync(string collectionName, string fieldName, CancellationToken cancellationToken = default) =>
        inner.DeletePayloadIndexAsync(Check(collectionName), fieldName, cancellationToken);

    public async Task<IReadOnlyList<CollectionAlias>> ListAliasesAsync(CancellationToken cancellationToken = default) =>
        [.. (await inner.ListAliasesAsync(cancellationToken)).Where(a => Listed(a.AliasName) && CanAccess(a.CollectionName))];

    public Task UpdateAliasesAsync(IReadOnlyList<AliasChange> changes, CancellationToken cancellationToken = default)
    {
        foreach (var change in changes)
        {
            Check(change.AliasName);
            if (change.CollectionName is { } target)
            {
                Check(target);
            }
        }

        return inner.UpdateAliasesAsync(changes, cancellationToken);
    }

    public Task UpsertAsync(string collectionName, IReadOnlyList<VectorPoint> points, bool wait = true, CancellationToken cancellationToken = default) =>
        inner.UpsertAsync(Check(collectionName), points, wait, cancellationToken);

    public Task<IReadOnlyList<ScoredPoint>> QueryAsync(string collectionName, VectorQuery query, CancellationToken cancellationToken = default) =>
        inner.QueryAsync(Check(collectionName), query, cancellationToken);

    public Task<ScrollPage> ScrollAsync(string collectionName, ScrollRequest request, CancellationToken cancellationToken = default) =>
        inner.ScrollAsync(Check(collectionName), request, cancellationToken);

    public Task<long> CountAsync(string collectionName, Filter? filter = null, CancellationToken cancellationToken = default) =>
        inner.CountAsync(Check(collectionName), filter, cancellationToken);

    public Task<IReadOnlyList<FacetHit>> FacetAsync(string collectionName, string key, Filter? filter = null, int limit = 10, bool exact = false, CancellationToken cancellationToken = default) =>
        inner.FacetAsync(Check(collectionName), key, filter, limit, exact, cancellationToken);

    public Task<IReadOnlyList<PointRecord>> GetPointsAsync(string collectionName, IReadOnlyList<PointId> ids, bool withPayload = true, bool withVector = false, CancellationToken cancellationToken = default) =>
        inner.GetPointsAsync(Check(collectionName), ids, withPayload, withVector, cancellationToken);

    public Task DeletePointsAsync(string collectionName, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        inner.DeletePointsAsync(Check(collectionName), selector, wait, cancellationToken);

    public Task SetPayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        inner.SetPayloadAsync(Check(collectionName), payload, selector, wait, cancellationToken);

    public Task OverwritePayloadAsync(string collectionName, JsonObject payload, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        inner.OverwritePayloadAsync(Check(collectionName), payload, selector, wait, cancellationToken);

    public Task DeletePayloadKeysAsync(string collectionName, IReadOnlyList<string> keys, PointSelector selector, bool wait = true, CancellationToken cancellationToken = default) =>
        inner.DeletePayloadKeysAsync(Check(collectionName), keys, selector, wait, cancellationToken);

    public Task<SnapshotInfo> CreateSnapshotAsync(string collectionName, CancellationToken cancellationToken = default) =>
        inner.CreateSnapshotAsync(Check(collectionName), cancellationToken);

    public Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string collectionName, CancellationToken cancellationToken = default) =>
        inner.ListSnapshotsAsync(Check(collectionName), cancellationToken);

    public Task RestoreSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        inner.RestoreSnapshotAsync(Check(collectionName), snapshotName, cancellationToken);

    public Task<bool> DeleteSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        inner.DeleteSnapshotAsync(Check(collectionName), snapshotName, cancellationToken);

    public Task<Stream> OpenSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default) =>
        inner.OpenSnapshotAsync(Check(collectionName), snapshotName, cancellationToken);

    private bool Listed(string collectionName)
    {
        if (!CanAccess(collectionName))
        {
            return false;
        }

        // A platform admin working inside a picked tenant sees that tenant's collections, not every tenant's.
        return !tenant.IsPlatformAdmin || tenant.TenantId is not { } picked
            || CollectionNames.IsPlatform(collectionName)
            || (CollectionNames.TryParseTenant(collectionName, out var owner, out _) && owner == picked);
    }

    private string Check(string collectionName)
    {
        CollectionNames.Validate(collectionName);
        if (CanAccess(collectionName))
        {
            return collectionName;
        }

        var reason = CollectionNames.IsPlatform(collectionName)
            ? $"Collection '{collectionName}' is a platform collection; only platform admins and ops may use it."
            : $"Collection '{collectionName}' belongs to another tenant.";
        throw new VectorStoreAccessDeniedException(collectionName, reason);
    }
}
