namespace Pulse.Core.VectorStore;

/// <summary>Whether the vector store answers, which one it is, and a line of detail for the health page.</summary>
public sealed record VectorStoreHealth(bool IsHealthy, string Backend, string Detail);
