namespace Pulse.Core.Search;

/// <summary>One content row found by hierarchy navigation.</summary>
public sealed record HierarchyItem(int Id, string Title, string ContentType, int ChunkNumber, string Path, string Summary, DateTimeOffset CreatedAt);
