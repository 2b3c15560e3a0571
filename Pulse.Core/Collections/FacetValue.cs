namespace Pulse.Core.Collections;

/// <summary>A value of a keyword field and how many points carry it.</summary>
public sealed record FacetValue(string Value, long Count);
