namespace Pulse.Core.VectorStore;

/// <summary>Kinds of payload index (Qdrant's <c>PayloadSchemaType</c>).</summary>
public enum PayloadFieldType
{
    Keyword,
    Integer,
    Float,
    Bool,
    Text,
    Datetime,
    Uuid,

    /// <summary>Geo points ({"lon", "lat"}). Qdrant indexes them for geo filters; the embedded store only declares them (it has no geo filters).</summary>
    Geo,
}
