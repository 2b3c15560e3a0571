using Microsoft.EntityFrameworkCore;
using Pulse.Core.Data;
using Pulse.Core.Data.Configurations;

namespace Pulse.Core.Search;

/// <summary>
/// Seed 003's first hybrid query, the PostgreSQL half: all content under a branch (or branch and limb), counts by
/// content type, newest first, paginated. Three queries whatever the page: the leaves, the counts, the page. Reads
/// the replica when one is configured; the tenant filter applies.
/// </summary>
public sealed class HierarchyBrowser(IPulseDbContextFactory contexts)
{
    public const int MaxPageSize = 100;

    public async Task<HierarchyPage> BrowseAsync(HierarchyScope scope, int page = 0, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!HierarchyTables.All.Contains(scope.Table))
            throw new ValidationFailedException($"'{scope.Table}' is not a hierarchy table; use one of {string.Join(", ", HierarchyTables.All)}.", nameof(scope));
        if (page < 0 || pageSize is < 1 or > MaxPageSize)
            throw new ValidationFailedException($"Pages start at 0 and hold 1 to {MaxPageSize} rows.", nameof(pageSize));

        await using var db = contexts.CreateReadOnlyDbContext();
        var leaves = await db.Hierarchy(scope.Table)
            .Where(n => n.Branch == scope.Branch && (scope.Limb == null || n.Limb == scope.Limb))
            .ToDictionaryAsync(n => n.Id, n => n.Path, cancellationToken);
        var leafIds = leaves.Keys.ToArray();
        var content = db.Content.Where(c => c.HierarchyTable == scope.Table && leafIds.Contains(c.LeafId));
        var counts = await content.GroupBy(c => c.ContentType).Select(g => new { Type = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var rows = await content.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id)
            .Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);

        return new HierarchyPage(
            scope,
            [.. rows.Select(r => new HierarchyItem(r.Id, r.Title, r.ContentType, r.ChunkNumber, leaves[r.LeafId], r.ContentSummary, r.CreatedAt))],
            [.. counts.OrderByDescending(c => c.Count).ThenBy(c => c.Type, StringComparer.Ordinal).Select(c => KeyValuePair.Create(c.Type, c.Count))],
            counts.Sum(c => c.Count), page, pageSize);
    }
}
