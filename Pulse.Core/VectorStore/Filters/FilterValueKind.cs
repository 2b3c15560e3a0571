namespace Pulse.Core.VectorStore.Filters;

/// <summary>The JSON types a match condition can compare with (Qdrant's <c>ValueVariants</c>).</summary>
public enum FilterValueKind
{
    Keyword,
    Integer,
    Bool,
}
