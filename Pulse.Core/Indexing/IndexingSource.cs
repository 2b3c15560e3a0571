namespace Pulse.Core.Indexing;

/// <summary>How one source table of one tenant is indexed: its text template, chunking and target collection.</summary>
/// <param name="Table">The source table (also <c>qdrant_vectors.table_name</c>).</param>
/// <param name="Template">Text template with <c>{column}</c> placeholders; null for every column as "name: value".</param>
/// <param name="ChunkSize">Maximum characters per chunk.</param>
/// <param name="ChunkOverlap">Characters shared by consecutive chunks.</param>
/// <param name="Collection">The tenant's logical collection name (stored as <c>client_{tenant}_{name}</c>).</param>
/// <param name="VectorType">The <c>qdrant_vectors.vector_type</c> of its points.</param>
/// <param name="IsBuiltIn">True for the tables the pipeline knows (content, work items, pull requests).</param>
public sealed record IndexingSource(
    string Table, string? Template, int ChunkSize, int ChunkOverlap, string Collection, string VectorType, bool IsBuiltIn)
{
    /// <summary>A short label for pages.</summary>
    public string Label => BuiltInSources.Label(Table);
}
