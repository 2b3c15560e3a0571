namespace Pulse.Core.Indexing;

/// <summary>A tenant's indexing sources as read from its pipeline configuration, with notes on what was ignored and why.</summary>
public sealed record PipelineSettings(IReadOnlyList<IndexingSource> Sources, IReadOnlyList<string> Notes)
{
    /// <summary>The source for <paramref name="table"/>, or null when the tenant does not index it.</summary>
    public IndexingSource? Find(string table) => Sources.FirstOrDefault(s => s.Table == table);
}
