using System.Reflection;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;

namespace Pulse.Core.Preferences;

/// <summary>The source tables the indexing pipeline can vectorize, with their columns (as the schema names them).</summary>
public static class PipelineSources
{
    private static readonly Dictionary<string, Type> Entities = new(StringComparer.Ordinal)
    {
        ["projects"] = typeof(Project),
        ["work_items"] = typeof(WorkItem),
        ["pull_requests"] = typeof(PullRequest),
        ["content_metadata"] = typeof(ContentMetadata),
    };

    /// <summary>The table names, in the order the portal lists them.</summary>
    public static IReadOnlyList<string> Tables { get; } = [.. Entities.Keys];

    /// <summary>The columns of a source table, or null when it is not a source table.</summary>
    public static IReadOnlyList<string>? Columns(string table) =>
        Entities.TryGetValue(table, out var type)
            ? type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => PulseDbContext.ToSnakeCase(p.Name)).ToList()
            : null;

    /// <summary>A column worth starting a template with (a title, summary or name when the table has one).</summary>
    public static string SuggestedColumn(string table)
    {
        var columns = Columns(table) ?? throw new ArgumentException($"'{table}' is not a source table.", nameof(table));
        return columns.FirstOrDefault(c => c is "title" or "summary" or "name") ?? columns[0];
    }

    /// <summary>The pipeline a tenant starts with: every source table, into a collection of the same name.</summary>
    public static PipelineConfiguration DefaultPipeline() => new()
    {
        Tables =
        [
            new() { SourceTable = "work_items", Template = "{key} ({item_type}, {status}): {summary}\n{description}", TargetCollection = "work_items" },
            new() { SourceTable = "pull_requests", Template = "{repository}#{number}: {title}\n{description}", TargetCollection = "pull_requests" },
            new() { SourceTable = "content_metadata", Template = "{title}\n{content_summary}", TargetCollection = "content" },
        ],
    };
}
