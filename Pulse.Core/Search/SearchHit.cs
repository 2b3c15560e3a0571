using System.Text.Json.Nodes;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Search;

/// <summary>One result: the vector store's point joined with its source row in PostgreSQL.</summary>
public sealed record SearchHit
{
    /// <summary>1-based position across pages.</summary>
    public required int Rank { get; init; }

    public required PointId PointId { get; init; }

    public required float Score { get; init; }

    /// <summary>The source row's title (or the payload's, when the point names no known row).</summary>
    public required string Title { get; init; }

    /// <summary>The source table (<c>content_metadata</c>, <c>work_items</c>, <c>pull_requests</c>), or null when unknown.</summary>
    public string? SourceTable { get; init; }

    /// <summary>The source row's id, or null when unknown.</summary>
    public int? RecordId { get; init; }

    /// <summary>How a person names the source: "PLAT-3", "pulse/web #104", "content #12".</summary>
    public required string SourceLabel { get; init; }

    /// <summary>False when the point names a row that PostgreSQL does not have (deleted, or drift).</summary>
    public bool SourceFound { get; init; } = true;

    /// <summary>The hierarchy table of a content hit.</summary>
    public string? HierarchyTable { get; init; }

    /// <summary>Branch / Limb / Leaf of a content hit.</summary>
    public string? HierarchyPath { get; init; }

    public string? Branch { get; init; }

    public string? Limb { get; init; }

    /// <summary>Content type of a content hit, or the item type of a work item.</summary>
    public string? ContentType { get; init; }

    /// <summary>Plain text to show; the page highlights with <see cref="SnippetHighlighter"/>, never as HTML.</summary>
    public string Snippet { get; init; } = "";

    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The point's payload, shown on demand.</summary>
    public JsonObject? Payload { get; init; }

    /// <summary>Identifies the source across collections (for compare mode's overlap): "content_metadata:12", or the point id.</summary>
    public string SourceKey => SourceTable is not null && RecordId is not null ? $"{SourceTable}:{RecordId}" : $"point:{PointId}";
}
