using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections;

/// <summary>A payload field: its path, the JSON types seen in sampled points, and its index type when it has one.</summary>
/// <param name="Path">The payload path, e.g. <c>content_type</c> or <c>author.name</c>.</param>
/// <param name="ObservedTypes">JSON types seen in the sample ("string", "integer", "number", "boolean", "array", "object").</param>
/// <param name="IndexType">The declared payload index, or null when the field is not indexed.</param>
/// <param name="SampledPoints">How many sampled points carry the field.</param>
public sealed record PayloadField(string Path, IReadOnlyList<string> ObservedTypes, PayloadFieldType? IndexType, int SampledPoints)
{
    /// <summary>True for fields whose values can be offered as a list (keyword index, or strings seen).</summary>
    public bool IsKeywordLike => IndexType == PayloadFieldType.Keyword || (IndexType is null && ObservedTypes.Contains("string"));
}
