namespace Pulse.Portal.Endpoints.Api;

// The API's wire shapes, kept together so the OpenAPI document and the handlers read as one contract.

/// <summary>A collection with its status and counts.</summary>
public sealed record CollectionResponse(string Name, string LogicalName, string Status, string Reason, long PointsCount, long IndexedVectorsCount,
    int SegmentsCount, int VectorSize, string Distance, IReadOnlyDictionary<string, string> PayloadIndexes);

/// <summary>The tenant's collections.</summary>
public sealed record CollectionListResponse(IReadOnlyList<CollectionResponse> Collections);

/// <summary>One check of a validation.</summary>
public sealed record ValidationCheck(string Check, bool Passed, string Detail);

/// <summary>The result of validating a collection.</summary>
public sealed record ValidationResponse(string Collection, bool Valid, bool SchemaDeclared, IReadOnlyList<ValidationCheck> Checks, string Note);

/// <summary>Health of the collections against the schema.</summary>
public sealed record SchemaHealthResponse(string Status, bool SchemaDeclared, IReadOnlyList<HealthRowResponse> Collections, string Note);

/// <summary>One health row.</summary>
public sealed record HealthRowResponse(string Component, string Name, string Status, string Reason, IReadOnlyDictionary<string, double?> Figures);

/// <summary>Health as this key's tenant may see it.</summary>
public sealed record HealthResponse(string Status, DateTimeOffset CheckedAt, IReadOnlyList<HealthRowResponse> Rows);

/// <summary>A semantic search.</summary>
public sealed record SearchRequest(string Collection, string Query, int Limit = 10, float? ScoreThreshold = null);

/// <summary>One hit.</summary>
public sealed record SearchHit(string Id, float Score, System.Text.Json.Nodes.JsonObject? Payload);

/// <summary>Search results with timings.</summary>
public sealed record SearchResponse(string Collection, IReadOnlyList<SearchHit> Hits, string EmbeddedBy, long EmbedMs, long SearchMs);

/// <summary>AI usage aggregates of one provider and operation.</summary>
public sealed record UsageLine(string Provider, string Operation, long Calls, long Failed, long Tokens, decimal Cost, string Currency);

/// <summary>AI usage over a period.</summary>
public sealed record UsageResponse(DateTimeOffset From, DateTimeOffset To, long Calls, long Failed, long Tokens, decimal Cost, IReadOnlyList<UsageLine> ByProvider);

/// <summary>The newest applied schema version per collection; <c>Version</c> is the highest of them (null when none is applied).</summary>
public sealed record SchemaVersionResponse(int? Version, IReadOnlyList<AppliedSchemaVersion> Collections, string? Note);

/// <summary>One collection's applied schema: its alias, the physical collection behind it, the schema file's name and version, who applied it and when.</summary>
public sealed record AppliedSchemaVersion(string Collection, string PhysicalCollection, string Schema, int Version, string? AppliedBy, DateTimeOffset AppliedAt);
