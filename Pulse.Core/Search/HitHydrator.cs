using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;
using Pulse.Core.Data.Entities;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Search;

/// <summary>
/// Joins vector hits with their source rows: one query per table whatever the number of hits (content_metadata,
/// then each hierarchy table the content sits in, work_items, pull_requests), on the read replica when one is
/// configured. The tenant filter applies, so a point naming another tenant's row hydrates as "not found".
/// </summary>
internal sealed class HitHydrator(IPulseDbContextFactory contexts)
{
    /// <summary>The content type a pull request hit shows (and the one a content-type restriction matches them by).</summary>
    public const string PullRequestType = "Pull request";

    public async Task<IReadOnlyList<SearchHit>> HydrateAsync(IReadOnlyList<ScoredPoint> points, int firstRank, CancellationToken cancellationToken)
    {
        var references = points.Select(p => HitReference.From(p.Payload)).ToArray();
        if (references.All(r => r is null)) return [.. points.Select((p, i) => Unlinked(p, firstRank + i, null))];

        await using var db = contexts.CreateReadOnlyDbContext();
        var contentIds = Ids(references, HitReference.Content);
        var workItemIds = Ids(references, HitReference.WorkItems);
        var pullRequestIds = Ids(references, HitReference.PullRequests);
        var content = contentIds.Length == 0 ? [] : (await db.Content.Where(c => contentIds.Contains(c.Id)).ToListAsync(cancellationToken)).ToDictionary(c => c.Id);
        var paths = await LoadPathsAsync(db, content.Values, cancellationToken);
        var workItems = workItemIds.Length == 0 ? [] : (await db.WorkItems.Where(w => workItemIds.Contains(w.Id)).ToListAsync(cancellationToken)).ToDictionary(w => w.Id);
        var pullRequests = pullRequestIds.Length == 0 ? [] : (await db.PullRequests.Where(p => pullRequestIds.Contains(p.Id)).ToListAsync(cancellationToken)).ToDictionary(p => p.Id);

        var hits = new SearchHit[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var (point, reference, rank) = (points[i], references[i], firstRank + i);
            hits[i] = reference switch
            {
                { Table: HitReference.Content } r when content.TryGetValue(r.RecordId, out var row) => FromContent(point, rank, row, paths),
                { Table: HitReference.WorkItems } r when workItems.TryGetValue(r.RecordId, out var row) => FromWorkItem(point, rank, row),
                { Table: HitReference.PullRequests } r when pullRequests.TryGetValue(r.RecordId, out var row) => FromPullRequest(point, rank, row),
                _ => Unlinked(point, rank, reference),
            };
        }

        return hits;
    }

    private static int[] Ids(HitReference?[] references, string table) =>
        [.. references.Where(r => r?.Table == table).Select(r => r!.RecordId).Distinct()];

    /// <summary>Paths by (table, leaf id): one query per hierarchy table that the content sits in.</summary>
    private static async Task<Dictionary<(string, int), HierarchyNode>> LoadPathsAsync(PulseDbContext db, IEnumerable<ContentMetadata> content, CancellationToken cancellationToken)
    {
        var paths = new Dictionary<(string, int), HierarchyNode>();
        foreach (var group in content.GroupBy(c => c.HierarchyTable).Where(g => HierarchyTables.All.Contains(g.Key)))
        {
            var leafIds = group.Select(c => c.LeafId).Distinct().ToArray();
            foreach (var node in await db.Hierarchy(group.Key).Where(n => leafIds.Contains(n.Id)).ToListAsync(cancellationToken))
                paths[(group.Key, node.Id)] = node;
        }

        return paths;
    }

    private static SearchHit FromContent(ScoredPoint point, int rank, ContentMetadata row, Dictionary<(string, int), HierarchyNode> paths)
    {
        var node = paths.GetValueOrDefault((row.HierarchyTable, row.LeafId));
        return new SearchHit
        {
            Rank = rank, PointId = point.Id, Score = point.Score, Payload = point.Payload,
            Title = row.ChunkNumber > 1 ? $"{row.Title} (part {row.ChunkNumber})" : row.Title,
            SourceTable = HitReference.Content, RecordId = row.Id, SourceLabel = $"content #{row.Id}",
            HierarchyTable = row.HierarchyTable, HierarchyPath = node?.Path, Branch = node?.Branch, Limb = node?.Limb,
            ContentType = row.ContentType, Snippet = row.ContentSummary, CreatedAt = row.CreatedAt,
        };
    }

    private static SearchHit FromWorkItem(ScoredPoint point, int rank, WorkItem row) => new()
    {
        Rank = rank, PointId = point.Id, Score = point.Score, Payload = point.Payload,
        Title = row.Summary ?? row.Key, SourceTable = HitReference.WorkItems, RecordId = row.Id,
        SourceLabel = $"{row.Key} · {row.ItemType} · {row.Status}", ContentType = row.ItemType,
        Snippet = row.Description ?? "", CreatedAt = row.CreatedAt,
    };

    private static SearchHit FromPullRequest(ScoredPoint point, int rank, PullRequest row) => new()
    {
        Rank = rank, PointId = point.Id, Score = point.Score, Payload = point.Payload,
        Title = row.Title, SourceTable = HitReference.PullRequests, RecordId = row.Id,
        SourceLabel = $"{row.Repository} #{row.Number} · {row.State}", ContentType = PullRequestType,
        Snippet = row.Description ?? "", CreatedAt = row.CreatedAt,
    };

    private static SearchHit Unlinked(ScoredPoint point, int rank, HitReference? reference) => new()
    {
        Rank = rank, PointId = point.Id, Score = point.Score, Payload = point.Payload,
        Title = PayloadText(point.Payload, "title") ?? (reference is null ? $"Point {point.Id}" : "(source record not found)"),
        SourceTable = reference?.Table, RecordId = reference?.RecordId, SourceFound = false,
        SourceLabel = reference is null ? "no source record in the payload" : $"{reference.Table} #{reference.RecordId} (not in PostgreSQL)",
        ContentType = PayloadText(point.Payload, "content_type"),
        Snippet = PayloadText(point.Payload, "text") ?? PayloadText(point.Payload, "content") ?? "",
    };

    private static string? PayloadText(JsonObject? payload, string key) =>
        payload?[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
