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
}
