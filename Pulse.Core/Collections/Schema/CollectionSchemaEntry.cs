using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections.Schema;

/// <summary>One collection as a schema declares it (defaults already merged in).</summary>
/// <param name="Name">The declared name (logical for tenant schemas).</param>
/// <param name="Definition">Size, distance, HNSW and payload storage.</param>
/// <param name="PayloadIndexes">Payload fields to index, by field name.</param>
public sealed record CollectionSchemaEntry(string Name, CollectionDefinition Definition, IReadOnlyDictionary<string, PayloadFieldType> PayloadIndexes);
