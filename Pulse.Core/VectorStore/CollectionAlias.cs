namespace Pulse.Core.VectorStore;

/// <summary>An alternative name under which a collection can be read and written.</summary>
public sealed record CollectionAlias(string AliasName, string CollectionName);
