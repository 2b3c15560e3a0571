using System.Reflection;
using Pulse.Core.Data;
using Pulse.Core.Data.Entities;
using Pulse.Core.Indexing;

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

    /// <summary>
    /// The fields a template of a source table may name, or null when it is not a source table: for the built-in tables
    /// exactly the fields the indexing pipeline reads (so a template the page accepts is one the pipeline fills), for the
    /// others every column.
    /// </summary>
    public static IReadOnlyList<string>? Columns(string table) =>
        !Entities.TryGetValue(table, out var type) ? null
        : BuiltInSources.TemplateFields(table)
          ?? type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => PulseDbContext.ToSnakeCase(p.Name)).ToList();

    /// <summary>A column worth starting a template with (a title, summary or name when the table has one).</summary>
    public static string SuggestedColumn(string table)
    {
        var columns = Columns(table) ?? throw new ArgumentException($"'{table}' is not a source table.", nameof(table));
        return columns.FirstOrDefault(c => c is "title" or "summary" or "name") ?? columns[0];
    }

    /// <summary>
    /// The pipeline a tenant starts with, the same one the indexing pipeline uses while the tenant has saved none: every
    /// built-in table with its default template, into a collection named after the table.
    /// </summary>
    public static PipelineConfiguration DefaultPipeline() => new()
    {
        Tables = [.. BuiltInSources.Tables.Select(t => new PipelineTableSettings
        {
            SourceTable = t, Template = BuiltInSources.DefaultTemplate(t)!, TargetCollection = BuiltInSources.DefaultCollection(t),
        })],
    };
}
