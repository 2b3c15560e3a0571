using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Indexing;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections.Schema;

/// <summary>
/// Collection schemas (seed 002): validate YAML, diff it against the live store, apply it and record the version.
/// New collections are created as <c>{name}_v{version}</c> behind the alias <c>{name}</c>, so a later rebuild
/// (dimension, distance, HNSW) builds a new physical collection, copies the points and switches the alias in one
/// atomic update while searches keep working. A new dimension over stored vectors re-embeds them from their source rows
/// (<see cref="CollectionReindexer"/>) instead of copying them; vectors with no source rows are refused.
/// Applying needs ops or platform admin; validating and diffing do not.
/// </summary>
public sealed class CollectionSchemaService(TenantVectorStore store, ITenantContext tenant, IPulseDbContextFactory databases, CollectionReindexer reindexer)
{
    private const int CopyPageSize = 256;

    /// <summary>The schemas checked into the repository (seed 002's model collections, the tenant content template).</summary>
    public static IReadOnlyList<(string Name, string Yaml)> BuiltIn { get; } = BuiltInSchemas.Load();

    /// <summary>Parses and validates schema YAML.</summary>
    public static SchemaParseResult Validate(string yaml) => CollectionSchemaParser.Parse(yaml);

    /// <summary>What applying <paramref name="schema"/> would change, per collection.</summary>
    public async Task<SchemaPlan> DiffAsync(CollectionSchema schema, CancellationToken cancellationToken = default)
    {
        var aliases = await store.ListAliasesAsync(cancellationToken);
        var changes = new List<SchemaChange>();
        foreach (var entry in schema.Collections)
        {
            var name = FullName(schema, entry.Name);
            var live = aliases.FirstOrDefault(a => a.AliasName == name)?.CollectionName
                ?? (await store.CollectionExistsAsync(name, cancellationToken) ? name : null);
            var info = live is null ? null : await store.GetCollectionInfoAsync(live, cancellationToken);
            var (kind, details) = SchemaDiff.Compare(entry, info);
            if (kind == SchemaChangeKind.Rebuild && live == name)
            {
                details.Add($"'{name}' is a collection, not an alias: searches fail for a moment while it is replaced by an alias, and it is not kept.");
            }

            ReindexPlan? reindex = null;
            if (kind == SchemaChangeKind.Rebuild && info!.Config.VectorSize != entry.Definition.VectorSize && info.PointsCount > 0)
            {
                reindex = await reindexer.PlanAsync(name, live!, entry.Definition.VectorSize, cancellationToken);
                details.Add(reindex.Description);
            }

            changes.Add(new SchemaChange(name, live, kind, details, entry, reindex));
        }

        return new SchemaPlan(schema, changes);
    }

    /// <summary>Applies <paramref name="schema"/> and records its version for every declared collection.</summary>
    /// <param name="schema">A validated schema.</param>
    /// <param name="progress">Receives a sentence per step (long copies report every page).</param>
    /// <param name="cancellationToken">Cancels between steps.</param>
    public async Task<SchemaPlan> ApplyAsync(CollectionSchema schema, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        CollectionPermissions.RequireManage(tenant, "apply collection schemas");
        var plan = await DiffAsync(schema, cancellationToken);
        foreach (var change in plan.Changes.Where(c => c.Kind == SchemaChangeKind.Rebuild))
        {
            if (change.Reindex is { Refusal: { } refusal })
            {
                throw new ValidationFailedException(refusal);
            }

            if (PhysicalName(change.Collection, schema.Version) == change.LiveCollection)
            {
                throw new ValidationFailedException($"'{change.Collection}' needs a rebuild but is already at physical collection '{change.LiveCollection}'; raise the schema version. Nothing was changed.");
            }
        }

        foreach (var change in plan.Changes)
        {
            progress?.Report($"{change.Collection}: {change.Kind}");
            await ApplyAsync(change, schema.Version, progress, cancellationToken);
        }

        await RecordAsync(plan, cancellationToken);
        return plan;
    }

    /// <summary>Applied versions of a collection (by its alias or physical name), newest first.</summary>
    public async Task<IReadOnlyList<CollectionSchemaVersion>> HistoryAsync(string collectionName, CancellationToken cancellationToken = default)
    {
        if (!store.CanAccess(collectionName))
        {
            throw new VectorStoreAccessDeniedException(collectionName, $"Collection '{collectionName}' is not yours to read.");
        }

        await using var db = databases.CreateReadOnlyDbContext();
        return await db.Set<CollectionSchemaVersion>().AsNoTracking()
            .Where(v => v.CollectionName == collectionName || v.PhysicalName == collectionName)
            .OrderByDescending(v => v.AppliedAt).ThenByDescending(v => v.Id).ToListAsync(cancellationToken);
    }

    private async Task ApplyAsync(SchemaChange change, int version, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        switch (change.Kind)
        {
            case SchemaChangeKind.Create:
                var physical = PhysicalName(change.Collection, version);
                await CreateWithIndexesAsync(physical, change.Entry, cancellationToken);
                await store.UpdateAliasesAsync([AliasChange.Create(change.Collection, physical)], cancellationToken);
                break;
            case SchemaChangeKind.InPlace:
                await SyncIndexesAsync(change.LiveCollection!, change.Entry, cancellationToken);
                break;
            case SchemaChangeKind.Rebuild:
                await RebuildAsync(change, version, progress, cancellationToken);
                break;
        }
    }

    private async Task RebuildAsync(SchemaChange change, int version, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var target = PhysicalName(change.Collection, version);
        var source = change.LiveCollection!;
        await CreateWithIndexesAsync(target, change.Entry, cancellationToken);
        var switched = false;
        async Task SwitchAsync(CancellationToken ct)
        {
            if (source == change.Collection)
            {
                // The live name is a collection: it has to go before an alias can take its name. From here on the
                // new collection is the only copy, so a failure must not remove it.
                switched = true;
                await store.DeleteCollectionAsync(source, ct);
                await store.UpdateAliasesAsync([AliasChange.Create(change.Collection, target)], ct);
            }
            else
            {
                await store.UpdateAliasesAsync([AliasChange.Delete(change.Collection), AliasChange.Create(change.Collection, target)], ct);
            }

            switched = true;
        }

        try
        {
            if (change.Reindex is { } plan)
            {
                await ReindexAsync(change, plan, target, SwitchAsync, progress, cancellationToken);
            }
            else
            {
                await CopyAsync(change, target, progress, cancellationToken);
                await SwitchAsync(cancellationToken);
            }
        }
        catch (Exception) when (!switched)
        {
            // Nothing half-built stays behind: the alias still points at the old collection, and the version can be applied again.
            try { await store.DeleteCollectionAsync(target, CancellationToken.None); }
            catch (VectorStoreException) { /* the store is failing; the failure being reported is the one that matters */ }
            throw;
        }

        if (source != change.Collection)
        {
            progress?.Report($"{change.Collection}: switched to {target}; {source} is kept for rollback until you drop it");
        }
    }

    private async Task CopyAsync(SchemaChange change, string target, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        PointId? offset = null;
        long copied = 0;
        do
        {
            var page = await store.ScrollAsync(change.LiveCollection!, new ScrollRequest { Offset = offset, Limit = CopyPageSize, WithVector = true }, cancellationToken);
            if (page.Points.Count > 0)
            {
                await store.UpsertAsync(target, [.. page.Points.Select(p => new VectorPoint(p.Id, p.Vector!, p.Payload))], wait: true, cancellationToken);
            }

            copied += page.Points.Count;
            progress?.Report($"{change.Collection}: copied {copied:N0} points into {target}");
            offset = page.NextOffset;
        }
        while (offset is not null);
    }

    private async Task ReindexAsync(
        SchemaChange change, ReindexPlan plan, string target, Func<CancellationToken, Task> switchAsync, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var source = change.LiveCollection!;
        progress?.Report($"{change.Collection}: re-embedding {plan.Rows:N0} rows of {plan.SourceTables} with '{plan.Integration!.Name}' ({plan.Dimension} dims) into {target}");
        // Only an alias can be switched back; a live collection that the switch deleted is gone.
        Func<Task> undo = source == change.Collection
            ? () => Task.CompletedTask
            : () => store.UpdateAliasesAsync([AliasChange.Delete(change.Collection), AliasChange.Create(change.Collection, source)], CancellationToken.None);
        try
        {
            await reindexer.RunAsync(plan, target, $"schema rebuild by {tenant.UserId ?? "system"}", switchAsync, undo, progress, cancellationToken);
        }
        catch (IndexingException ex)
        {
            throw new CollectionRebuildException($"'{change.Collection}' was not rebuilt: {ex.Message} The alias still points at {source}; nothing was switched.", ex);
        }
    }

    private async Task CreateWithIndexesAsync(string name, CollectionSchemaEntry entry, CancellationToken cancellationToken)
    {
        await store.CreateCollectionAsync(name, entry.Definition, cancellationToken);
        foreach (var (field, type) in entry.PayloadIndexes)
        {
            await store.CreatePayloadIndexAsync(name, field, type, cancellationToken);
        }
    }

    private async Task SyncIndexesAsync(string physical, CollectionSchemaEntry entry, CancellationToken cancellationToken)
    {
        var live = (await store.GetCollectionInfoAsync(physical, cancellationToken)).PayloadSchema;
        foreach (var (field, type) in entry.PayloadIndexes)
        {
            if (live.TryGetValue(field, out var current) && current == type)
            {
                continue;
            }

            if (live.ContainsKey(field))
            {
                await store.DeletePayloadIndexAsync(physical, field, cancellationToken);
            }

            await store.CreatePayloadIndexAsync(physical, field, type, cancellationToken);
        }
    }

    private async Task RecordAsync(SchemaPlan plan, CancellationToken cancellationToken)
    {
        await using var db = databases.CreateDbContext();
        int? userId = int.TryParse(tenant.UserId, out var id) ? id : null;
        // A caller without a numeric user id (the command line says "cli@host") is recorded by that name.
        var userName = userId is null ? tenant.UserId ?? "system" : await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        var aliases = await store.ListAliasesAsync(cancellationToken);
        foreach (var change in plan.Changes)
        {
            db.Set<CollectionSchemaVersion>().Add(new CollectionSchemaVersion
            {
                TenantId = CollectionNames.TryParseTenant(change.Collection, out var owner, out _) ? owner : null,
                CollectionName = change.Collection,
                PhysicalName = aliases.FirstOrDefault(a => a.AliasName == change.Collection)?.CollectionName ?? change.Collection,
                SchemaName = plan.Schema.Name,
                Version = plan.Schema.Version,
                Definition = plan.Schema.Yaml,
                Changes = JsonSerializer.Serialize(new { kind = change.Kind.ToString(), details = change.Details }),
                AppliedBy = userId,
                AppliedByName = userName,
            });
        }

        AuditWriter.Add(db, "collection.schema.apply", plan.Schema.Name,
            new { plan.Schema.Version, changes = plan.Changes.Select(c => new { c.Collection, kind = c.Kind.ToString() }) });
        await db.SaveChangesAsync(cancellationToken);
    }

    private string FullName(CollectionSchema schema, string name) =>
        schema.Scope == CollectionSchemaScope.Platform ? name : store.CollectionName(name);

    private static string PhysicalName(string name, int version) => $"{name}_v{version}";
}
