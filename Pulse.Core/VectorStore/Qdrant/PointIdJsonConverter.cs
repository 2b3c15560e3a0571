using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Core.VectorStore.Qdrant;

/// <summary>Qdrant's <c>ExtendedPointId</c>: a JSON number for integer ids, a string for UUIDs.</summary>
internal sealed class PointIdJsonConverter : JsonConverter<PointId>
{
    public override PointId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetUInt64(out var n) => PointId.FromNumber(n),
        JsonTokenType.String when Guid.TryParse(reader.GetString(), out var g) => PointId.FromUuid(g),
        _ => throw new JsonException($"A point id is an unsigned integer or a UUID string, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, PointId value, JsonSerializerOptions options)
    {
        if (value.IsUuid)
        {
            writer.WriteStringValue(value.ToString());
        }
        else
        {
            writer.WriteNumberValue(value.Number);
        }
    }
}
