namespace Pulse.Core.Search;

/// <summary>Where the time of one search went, in milliseconds.</summary>
/// <param name="EmbedMs">Embedding the query through the provider chain (zero for "find similar").</param>
/// <param name="SearchMs">The vector store query.</param>
/// <param name="HydrateMs">Reading the hits' source rows from PostgreSQL.</param>
/// <param name="TotalMs">The whole search, validation included.</param>
public sealed record SearchTiming(double EmbedMs, double SearchMs, double HydrateMs, double TotalMs);
