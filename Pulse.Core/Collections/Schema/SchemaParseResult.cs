namespace Pulse.Core.Collections.Schema;

/// <summary>The schema when the YAML is valid, else every problem found, each naming its line and key.</summary>
public sealed record SchemaParseResult(CollectionSchema? Schema, IReadOnlyList<string> Problems)
{
    public bool IsValid => Schema is not null && Problems.Count == 0;
}
