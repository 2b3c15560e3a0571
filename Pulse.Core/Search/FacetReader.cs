using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Search;

/// <summary>
/// The facet figures of up to <see cref="SearchFacets.Cap"/> matches without hydrating them: each point's row reference
/// from its payload, then only the columns the figures need (content type, hierarchy table and leaf; a leaf's branch and
/// limb; a work item's type), one narrow query per source table, on the read replica when there is one.
/// </summary>
internal sealed class FacetReader(IPulseDbContextFactory contexts)
{
    public async Task<SearchFacets> ReadAsync(IReadOnlyList<ScoredPoint> points, FacetScope scope, CancellationToken cancellationToken)
    {
        var references = points.Select(p => HitReference.From(p.Payload)).ToArray();
        var contentIds = Ids(references, HitReference.Content);
        var workItemIds = Ids(references, HitReference.WorkItems);
        var pullRequestIds = Ids(references, HitReference.PullRequests);
        Dictionary<int, (string Table, string Type, int Leaf)> content = [];
        Dictionary<(string, int), (string Branch, string Limb)> leaves = [];
        Dictionary<int, string> workItems = [];
        HashSet<int> pullRequests = [];
        if (contentIds.Length + workItemIds.Length + pullRequestIds.Length > 0)
        {
            await using var db = contexts.CreateReadOnlyDbContext();
            if (contentIds.Length > 0)
            {
                content = (await db.Content.Where(c => contentIds.Contains(c.Id))
                    .Select(c => new { c.Id, c.HierarchyTable, c.ContentType, c.LeafId }).ToListAsync(cancellationToken))
                    .ToDictionary(c => c.Id, c => (c.HierarchyTable, c.ContentType, c.LeafId));
                foreach (var group in content.Values.GroupBy(c => c.Table).Where(g => HierarchyTables.All.Contains(g.Key)))
                {
                    var leafIds = group.Select(c => c.Leaf).Distinct().ToArray();
                    foreach (var node in await db.Hierarchy(group.Key).Where(n => leafIds.Contains(n.Id))
                                 .Select(n => new { n.Id, n.Branch, n.Limb }).ToListAsync(cancellationToken))
                        leaves[(group.Key, node.Id)] = (node.Branch, node.Limb);
                }
            }

            if (workItemIds.Length > 0)
                workItems = await db.WorkItems.Where(w => workItemIds.Contains(w.Id)).ToDictionaryAsync(w => w.Id, w => w.ItemType, cancellationToken);
            if (pullRequestIds.Length > 0)
                pullRequests = [.. await db.PullRequests.Where(p => pullRequestIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(cancellationToken)];
        }

        // Each point as the hydrator would show it, reduced to what the figures count.
        var subjects = new FacetSubject[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            subjects[i] = references[i] switch
            {
                { Table: HitReference.Content } r when content.TryGetValue(r.RecordId, out var row) => leaves.TryGetValue((row.Table, row.Leaf), out var node)
                    ? new FacetSubject(row.Type, row.Table, node.Branch, node.Limb)
                    : new FacetSubject(row.Type, row.Table, null, null),
                { Table: HitReference.WorkItems } r when workItems.TryGetValue(r.RecordId, out var type) =>
                    new FacetSubject(type, HitReference.WorkItems, null, null),
                { Table: HitReference.PullRequests } r when pullRequests.Contains(r.RecordId) =>
                    new FacetSubject(HitHydrator.PullRequestType, HitReference.PullRequests, null, null),
                var r => Unlinked(points[i].Payload, r),
            };
        }

        return SearchFacets.From(subjects, scope);
    }

    private static FacetSubject Unlinked(JsonObject? payload, HitReference? reference) => new(
        SearchFacets.TypeOf(payload?["content_type"] is JsonValue v && v.TryGetValue<string>(out var type) ? type : null, reference?.Table),
        SearchFacets.TableOf(null, reference?.Table), null, null);

    private static int[] Ids(HitReference?[] references, string table) =>
        [.. references.Where(r => r?.Table == table).Select(r => r!.RecordId).Distinct()];
}
