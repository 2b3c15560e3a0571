using Pulse.Core.Data;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Collections;

/// <summary>
/// Changes to collections, for ops and platform admins only (others get <see cref="TenantAccessDeniedException"/>):
/// create, drop behind a typed confirmation, payload indexes, snapshots, aliases (with an atomic switch) and point
/// deletion. Tenant boundaries are <see cref="TenantVectorStore"/>'s; every change is written to the audit log.
/// </summary>
public sealed class CollectionAdministration(TenantVectorStore store, ITenantContext tenant, IPulseDbContextFactory databases)
{
    /// <summary>Creates a collection; returns its full name.</summary>
    public async Task<string> CreateAsync(CreateCollectionRequest request, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "create collections");
        if (request.Problems() is [var first, ..])
        {
            throw new ValidationFailedException(first);
        }

        var name = ResolveName(request.Name, request.Platform);
        await store.CreateCollectionAsync(name, request.ToDefinition(), cancellationToken);
        await AuditAsync("collection.create", name, new { request.VectorSize, Distance = request.Distance.ToString(), request.HnswM, request.EfConstruct, request.OnDisk }, cancellationToken);
        return name;
    }

    /// <summary>The full name <paramref name="name"/> stands for: a platform name as given, else the caller's tenant collection.</summary>
    public string ResolveName(string name, bool platform)
    {
        name = (name ?? "").Trim();
        if (platform)
        {
            if (!CollectionNames.IsPlatform(name))
            {
                throw new ValidationFailedException($"'{name}' starts with '{CollectionNames.TenantPrefix}', which is reserved for tenant collections; choose another platform name.", "Name");
            }

            CollectionNames.Validate(name);
            return store.CanAccess(name) ? name : throw new TenantAccessDeniedException("Only platform admins and ops may create platform collections.");
        }

        return CollectionNames.TryParseTenant(name, out _, out _) ? name : store.CollectionName(name);
    }

    /// <summary>Deletes a collection and all its points once <paramref name="typedConfirmation"/> repeats its name exactly.</summary>
    public async Task DropAsync(string collectionName, string typedConfirmation, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "drop collections");
        if (!string.Equals(collectionName, typedConfirmation?.Trim(), StringComparison.Ordinal))
        {
            throw new ValidationFailedException($"Type the collection name '{collectionName}' exactly to confirm the drop.", "Confirmation");
        }

        var points = await store.CountAsync(collectionName, null, cancellationToken);
        if (!await store.DeleteCollectionAsync(collectionName, cancellationToken))
        {
            throw new VectorStoreException(VectorStoreErrorKind.NotFound, $"Collection '{collectionName}' does not exist.");
        }

        await AuditAsync("collection.drop", collectionName, new { points }, cancellationToken);
    }

    public async Task CreatePayloadIndexAsync(string collectionName, string field, PayloadFieldType type, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "create payload indexes");
        if (string.IsNullOrWhiteSpace(field))
        {
            throw new ValidationFailedException("Name the payload field to index, e.g. content_type.", "Field");
        }

        await store.CreatePayloadIndexAsync(collectionName, field.Trim(), type, cancellationToken);
        await AuditAsync("collection.index.create", collectionName, new { field, type = type.ToString() }, cancellationToken);
    }

    public async Task<SnapshotInfo> CreateSnapshotAsync(string collectionName, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "take snapshots");
        var snapshot = await store.CreateSnapshotAsync(collectionName, cancellationToken);
        await AuditAsync("collection.snapshot.create", collectionName, new { snapshot.Name, snapshot.SizeBytes }, cancellationToken);
        return snapshot;
    }

    public Task<IReadOnlyList<SnapshotInfo>> ListSnapshotsAsync(string collectionName, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "see snapshots");
        return store.ListSnapshotsAsync(collectionName, cancellationToken);
    }

    /// <summary>Replaces the collection's points with the snapshot's.</summary>
    public async Task RestoreSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "restore snapshots");
        await store.RestoreSnapshotAsync(collectionName, snapshotName, cancellationToken);
        await AuditAsync("collection.snapshot.restore", collectionName, new { snapshot = snapshotName }, cancellationToken);
    }

    public async Task<bool> DeleteSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "delete snapshots");
        var deleted = await store.DeleteSnapshotAsync(collectionName, snapshotName, cancellationToken);
        await AuditAsync("collection.snapshot.delete", collectionName, new { snapshot = snapshotName, deleted }, cancellationToken);
        return deleted;
    }

    /// <summary>Opens a snapshot file for download; the caller disposes the stream.</summary>
    public async Task<Stream> OpenSnapshotAsync(string collectionName, string snapshotName, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "download snapshots");
        var stream = await store.OpenSnapshotAsync(collectionName, snapshotName, cancellationToken);
        await AuditAsync("collection.snapshot.download", collectionName, new { snapshot = snapshotName }, cancellationToken);
        return stream;
    }

    /// <summary>Points <paramref name="aliasName"/> at <paramref name="collectionName"/>; Conflict when the alias exists.</summary>
    public async Task CreateAliasAsync(string aliasName, string collectionName, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "manage aliases");
        var alias = AliasName(aliasName, collectionName);
        if ((await store.ListAliasesAsync(cancellationToken)).Any(a => a.AliasName == alias) || await store.CollectionExistsAsync(alias, cancellationToken))
        {
            throw new ValidationFailedException($"'{alias}' is already an alias or a collection; use Switch to point an existing alias elsewhere.", "Alias");
        }

        await store.UpdateAliasesAsync([AliasChange.Create(alias, collectionName)], cancellationToken);
        await AuditAsync("collection.alias.create", alias, new { collection = collectionName }, cancellationToken);
    }

    public async Task DeleteAliasAsync(string aliasName, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "manage aliases");
        await store.UpdateAliasesAsync([AliasChange.Delete(aliasName)], cancellationToken);
        await AuditAsync("collection.alias.delete", aliasName, null, cancellationToken);
    }

    /// <summary>Moves an alias to <paramref name="newCollectionName"/> in one atomic update: readers never see it missing.</summary>
    public async Task SwitchAliasAsync(string aliasName, string newCollectionName, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "manage aliases");
        var previous = (await store.ListAliasesAsync(cancellationToken)).FirstOrDefault(a => a.AliasName == aliasName)?.CollectionName;
        await store.UpdateAliasesAsync([AliasChange.Delete(aliasName), AliasChange.Create(aliasName, newCollectionName)], cancellationToken);
        await AuditAsync("collection.alias.switch", aliasName, new { from = previous, to = newCollectionName }, cancellationToken);
    }

    /// <summary>Deletes the points with these ids; returns how many existed.</summary>
    public async Task<int> DeletePointsAsync(string collectionName, IReadOnlyList<PointId> ids, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "delete points");
        if (ids.Count == 0)
        {
            throw new ValidationFailedException("Select at least one point to delete.");
        }

        var existing = (await store.GetPointsAsync(collectionName, ids, withPayload: false, withVector: false, cancellationToken)).Count;
        await store.DeletePointsAsync(collectionName, PointSelector.Ids(ids), wait: true, cancellationToken);
        await AuditAsync("collection.points.delete", collectionName, new { ids = ids.Select(i => i.ToString()).ToList(), deleted = existing }, cancellationToken);
        return existing;
    }

    /// <summary>
    /// Deletes every point matching <paramref name="filter"/>, provided that is still the <paramref name="confirmedCount"/>
    /// the person confirmed; if the number changed meanwhile nothing is deleted and they are asked again.
    /// </summary>
    public async Task<long> DeleteByFilterAsync(string collectionName, Filter filter, long confirmedCount, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "delete points");
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.MatchesAll)
        {
            throw new ValidationFailedException("An empty filter matches every point; to remove everything, drop the collection instead.");
        }

        var count = await store.CountAsync(collectionName, filter, cancellationToken);
        if (count != confirmedCount)
        {
            throw new ValidationFailedException($"The filter now matches {count:N0} points, not the {confirmedCount:N0} you confirmed; nothing was deleted. Review and confirm again.");
        }

        await store.DeletePointsAsync(collectionName, PointSelector.Where(filter), wait: true, cancellationToken);
        await AuditAsync("collection.points.delete", collectionName, new { filter = FilterJson.ToJsonString(filter), deleted = count }, cancellationToken);
        return count;
    }

    private string AliasName(string aliasName, string collectionName)
    {
        aliasName = (aliasName ?? "").Trim();
        // A tenant's alias lives in the tenant's namespace like its collections.
        return CollectionNames.IsPlatform(collectionName) || CollectionNames.TryParseTenant(aliasName, out _, out _)
            ? aliasName
            : CollectionNames.TryParseTenant(collectionName, out var owner, out _) ? CollectionNames.ForTenant(owner, aliasName) : aliasName;
    }

    private async Task AuditAsync(string action, string target, object? details, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateDbContext();
        var owner = CollectionNames.TryParseTenant(target, out var id, out _) ? id : (int?)null;
        AuditWriter.Add(db, action, target, details, owner);
        await db.SaveChangesAsync(cancellationToken);
    }
}
