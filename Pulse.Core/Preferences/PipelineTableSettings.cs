namespace Pulse.Core.Preferences;

/// <summary>One vectorized source table: the text template that builds each row's text and the collection it lands in.</summary>
public sealed class PipelineTableSettings
{
    /// <summary>A source table of <see cref="PipelineSources"/> (e.g. work_items).</summary>
    public string SourceTable { get; set; } = "";

    /// <summary>Text built per row; <c>{column}</c> placeholders name the table's columns.</summary>
    public string Template { get; set; } = "";

    /// <summary>The tenant's logical collection name (stored as client_{tenant}_{name}).</summary>
    public string TargetCollection { get; set; } = "";
}
