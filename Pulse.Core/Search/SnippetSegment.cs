namespace Pulse.Core.Search;

/// <summary>A run of snippet text, marked when it matches a word of the query.</summary>
public readonly record struct SnippetSegment(string Text, bool Matched);
