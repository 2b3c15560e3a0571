using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;
using Pulse.Core.Data.Entities;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Search;

/// <summary>
/// Builds a tenant's searchable <c>client_{tenant}_content</c> collection from seed 003's content rows, with
/// seed 003's payload schema (plus <c>table_name</c>/<c>record_id</c> as the indexing payload names rows), when
/// the collection does not exist yet. Used by the demo seed and by benchmarks; the indexing module owns real indexing.
/// </summary>
public sealed class ContentCollectionBuilder(PulseDatabase database, IVectorStore store, IEmbeddingService embeddings)
{
    /// <summary>The logical name, scoped per tenant like every tenant collection (<see cref="CollectionNames.ForTenant"/>).</summary>
    public const string LogicalName = "content";

    /// <summary>Creates and fills the tenant's content collection; false when it already existed (nothing touched).</summary>
    public async Task<bool> EnsureAsync(int tenantId, CancellationToken cancellationToken = default)
    {
        var name = CollectionNames.ForTenant(tenantId, LogicalName);
        if (await store.CollectionExistsAsync(name, cancellationToken)) return false;

        List<ContentMetadata> rows;
        Dictionary<(string, int), HierarchyNode> nodes = [];
        await using (var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.Platform))
        {
            rows = await db.Content.AsNoTracking().Where(c => c.TenantId == tenantId).OrderBy(c => c.Id).ToListAsync(cancellationToken);
            foreach (var table in rows.Select(r => r.HierarchyTable).Distinct().Where(HierarchyTables.All.Contains))
                foreach (var node in await db.Hierarchy(table).AsNoTracking().Where(n => n.TenantId == tenantId).ToListAsync(cancellationToken))
                    nodes[(table, node.Id)] = node;
        }

        var texts = rows.Select(Text).ToList();
        var vectors = texts.Count == 0 ? null : await embeddings.EmbedAsync(tenantId, texts, null, cancellationToken);
        var dimension = vectors?.Dimension ?? Integrations.BuiltInEmbeddingChainResolver.BuiltIn.Dimension ?? 384;
        try
        {
            await store.CreateCollectionAsync(name, new CollectionDefinition(dimension, Distance.Cosine)
            {
                Hnsw = new HnswSettings { M = 16, EfConstruct = 200 }, // seed 003's collection settings
            }, cancellationToken);
        }
        catch (VectorStoreException ex) when (ex.Kind == VectorStoreErrorKind.Conflict)
        {
            return false; // another step created it meanwhile; theirs stands
        }

        await store.CreatePayloadIndexAsync(name, "content_type", PayloadFieldType.Keyword, cancellationToken);
        await store.CreatePayloadIndexAsync(name, "hierarchy_table", PayloadFieldType.Keyword, cancellationToken);
        await store.CreatePayloadIndexAsync(name, "leaf_id", PayloadFieldType.Integer, cancellationToken);
        if (vectors is null) return true;

        var points = rows.Select((row, i) => new VectorPoint(PointIdFor(tenantId, row.Id), vectors.Vectors[i], Payload(row, nodes.GetValueOrDefault((row.HierarchyTable, row.LeafId))))).ToList();
        await store.UpsertAsync(name, points, wait: true, cancellationToken);
        return true;
    }

    /// <summary>The text a content row is embedded from.</summary>
    public static string Text(ContentMetadata row) => $"{row.Title}. {row.ContentSummary}";

    /// <summary>Up to <paramref name="limit"/> of the tenant's content rows with id above <paramref name="afterId"/>, in id order, with their leaves.</summary>
    public static async Task<IReadOnlyList<(ContentMetadata Row, HierarchyNode? Leaf)>> ReadPageAsync(
        PulseDatabase database, int tenantId, int afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.ForTenant(tenantId));
        var rows = await db.Content.AsNoTracking().Where(c => c.TenantId == tenantId && c.Id > afterId).OrderBy(c => c.Id).Take(limit).ToListAsync(cancellationToken);
        var nodes = new Dictionary<(string, int), HierarchyNode>();
        foreach (var group in rows.GroupBy(r => r.HierarchyTable).Where(g => HierarchyTables.All.Contains(g.Key)))
        {
            var ids = group.Select(r => r.LeafId).Distinct().ToList();
            foreach (var node in await db.Hierarchy(group.Key).AsNoTracking().Where(n => n.TenantId == tenantId && ids.Contains(n.Id)).ToListAsync(cancellationToken))
                nodes[(group.Key, node.Id)] = node;
        }

        return [.. rows.Select(r => (r, nodes.GetValueOrDefault((r.HierarchyTable, r.LeafId))))];
    }

    /// <summary>Seed 003's payload plus the row reference and the text, so hits read without PostgreSQL too.</summary>
    public static JsonObject Payload(ContentMetadata row, HierarchyNode? node) => new()
    {
        ["content_id"] = row.Id,
        ["hierarchy_table"] = row.HierarchyTable,
        ["leaf_id"] = row.LeafId,
        ["content_type"] = row.ContentType,
        ["chunk_number"] = row.ChunkNumber,
        ["word_count"] = row.WordCount,
        ["table_name"] = HitReference.Content,
        ["record_id"] = row.Id,
        ["branch"] = node?.Branch,
        ["limb"] = node?.Limb,
        ["leaf"] = node?.Leaf,
        ["title"] = row.Title,
        ["text"] = row.ContentSummary,
    };

    /// <summary>Deterministic point id from tenant, table, record and vector type (DESIGN.md), so rebuilds are idempotent.</summary>
    public static Guid PointIdFor(int tenantId, int recordId, string table = HitReference.Content, string vectorType = "content")
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}:{table}:{recordId}:{vectorType}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5-style
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
