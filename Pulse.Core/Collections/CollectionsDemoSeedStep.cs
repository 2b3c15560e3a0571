using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Pulse.Core.Data;
using Pulse.Core.Demo;
using Pulse.Core.Providers;
using Pulse.Core.Tenancy;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections;

/// <summary>
/// Gives each demo tenant a believable collection, <c>client_{id}_content</c>: seed 003's content rows embedded through
/// the tenant's provider chain, with the payload fields searches filter on indexed. Idempotent: points use the
/// content row's id, and a tenant whose collection already holds every row is skipped.
/// </summary>
public sealed partial class CollectionsDemoSeedStep(
    PulseDatabase database,
    IVectorStore store,
    IEmbeddingService embeddings,
    ILogger<CollectionsDemoSeedStep> logger) : IDemoSeedStep
{
    /// <summary>The logical name of the demo collection.</summary>
    public const string LogicalName = "content";

    public int Order => 300;

    public async Task SeedAsync(IReadOnlyDictionary<string, int> tenantIdsBySlug, CancellationToken cancellationToken)
    {
        foreach (var tenantId in tenantIdsBySlug.Values)
        {
            await SeedTenantAsync(tenantId, cancellationToken);
        }
    }

    private async Task SeedTenantAsync(int tenantId, CancellationToken cancellationToken)
    {
        await using var db = new PulseDbContext(database.PrimaryOptions, SystemTenantContext.ForTenant(tenantId));
        var rows = await db.Content.AsNoTracking().OrderBy(c => c.Id).ToListAsync(cancellationToken);
        var name = CollectionNames.ForTenant(tenantId, LogicalName);
        if (rows.Count == 0 || (await store.CollectionExistsAsync(name, cancellationToken) && await store.CountAsync(name, null, cancellationToken) >= rows.Count))
        {
            return;
        }

        var texts = rows.Select(r => $"{r.Title}. {r.ContentSummary}").ToList();
        var vectors = (await embeddings.EmbedAsync(tenantId, texts, cancellationToken: cancellationToken)).Vectors;
        if (!await store.CollectionExistsAsync(name, cancellationToken))
        {
            await store.CreateCollectionAsync(name, new CollectionDefinition(vectors[0].Length, Distance.Cosine)
            {
                Hnsw = new HnswSettings { M = 16, EfConstruct = 200 },
            }, cancellationToken);
            foreach (var (field, type) in new[] { ("content_type", PayloadFieldType.Keyword), ("hierarchy_table", PayloadFieldType.Keyword), ("word_count", PayloadFieldType.Integer) })
            {
                await store.CreatePayloadIndexAsync(name, field, type, cancellationToken);
            }
        }

        var points = rows.Select((r, i) => new VectorPoint((ulong)r.Id, vectors[i], new JsonObject
        {
            ["content_id"] = r.Id,
            ["tenant_id"] = tenantId,
            ["hierarchy_table"] = r.HierarchyTable,
            ["leaf_id"] = r.LeafId,
            ["content_type"] = r.ContentType,
            ["title"] = r.Title,
            ["chunk_number"] = r.ChunkNumber,
            ["word_count"] = r.WordCount,
            ["text"] = r.ContentSummary,
        })).ToList();
        await store.UpsertAsync(name, points, wait: true, cancellationToken);
        LogSeeded(name, points.Count);
    }

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Demo collection {Collection} holds {Points} points")]
    private partial void LogSeeded(string collection, int points);
}
