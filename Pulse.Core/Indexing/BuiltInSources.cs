namespace Pulse.Core.Indexing;

/// <summary>The tables the pipeline indexes for every tenant, with their default templates.</summary>
public static class BuiltInSources
{
    public const string Content = "content_metadata";
    public const string WorkItems = "work_items";
    public const string PullRequests = "pull_requests";

    /// <summary>The built-in tables in the order pages list them.</summary>
    public static readonly IReadOnlyList<string> Tables = [Content, WorkItems, PullRequests];

    /// <summary>
    /// The fields a built-in table's row carries into its template (what <see cref="SourceReader"/> selects and derives:
    /// the hierarchy path, the project name); null for other tables, which are read whole.
    /// </summary>
    public static IReadOnlyList<string>? TemplateFields(string table) => table switch
    {
        Content => ["id", "title", "content_summary", "content_type", "chunk_number", "word_count", "hierarchy_table", "branch", "limb", "leaf", "hierarchy_path"],
        WorkItems => ["id", "key", "summary", "description", "item_type", "status", "priority", "assignee", "story_points", "project"],
        PullRequests => ["id", "repository", "number", "title", "description", "author", "state", "project"],
        _ => null,
    };

    /// <summary>The default template of a built-in table (null for others: every column as "name: value").</summary>
    public static string? DefaultTemplate(string table) => table switch
    {
        Content => "{hierarchy_path}\n{content_type}: {title}\n{content_summary}",
        WorkItems => "{key} {item_type} ({status}, {priority}) in {project}\n{summary}\n{description}",
        PullRequests => "{repository}#{number}: {title}\n{state}, by {author}\n{description}",
        _ => null,
    };

    /// <summary>Default collection for a table: the seeds' <c>client_{tenant}_{table}</c> naming.</summary>
    public static string DefaultCollection(string table) => table.Length <= 64 ? table : table[..64];

    public static string Label(string table) => table switch
    {
        Content => "Content (with hierarchy path)",
        WorkItems => "Work items",
        PullRequests => "Pull requests",
        _ => table,
    };
}
