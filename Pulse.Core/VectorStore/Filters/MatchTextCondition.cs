namespace Pulse.Core.VectorStore.Filters;

/// <summary>
/// Full-text match: <c>{"key":..,"match":{"text":..}}</c>. With a text index every query word must occur in the
/// field; without one the text must occur as a substring (Qdrant's behaviour in both cases).
/// </summary>
public sealed record MatchTextCondition(string Key, string Text) : Condition;
