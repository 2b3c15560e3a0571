namespace Pulse.Core.Collections.Schema;

/// <summary>A parsed, valid collection schema: a named, versioned set of collection declarations.</summary>
/// <param name="Name">The schema's name, e.g. <c>platform-models</c>.</param>
/// <param name="Version">A positive version; applying records it.</param>
/// <param name="Scope">Platform collections, or a per-tenant template.</param>
/// <param name="Collections">The declared collections in file order.</param>
/// <param name="Yaml">The source text.</param>
public sealed record CollectionSchema(string Name, int Version, CollectionSchemaScope Scope, IReadOnlyList<CollectionSchemaEntry> Collections, string Yaml);
