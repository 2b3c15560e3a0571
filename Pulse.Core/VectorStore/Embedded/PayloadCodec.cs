using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// Payloads are kept in memory as immutable <see cref="JsonElement"/>s (compact, cheap to filter, safe to share
/// with readers) and on disk as UTF-8 JSON; callers see fresh <see cref="JsonObject"/>s.
/// </summary>
internal static class PayloadCodec
{
    public static (byte[]? Bytes, JsonElement Element) Encode(JsonObject? payload)
    {
        if (payload is null || payload.Count == 0)
        {
            return (null, default);
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(payload);
        return (bytes, Decode(bytes));
    }

    public static JsonElement Decode(byte[]? bytes) =>
        bytes is null ? default : JsonSerializer.Deserialize<JsonElement>(bytes);

    public static JsonObject ToObject(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? JsonObject.Create(element)! : [];

    /// <summary>Qdrant's set_payload: the given keys replace or add to the existing ones.</summary>
    public static JsonObject Merge(JsonElement existing, JsonObject changes)
    {
        var merged = ToMutable(existing);
        foreach (var (key, value) in changes)
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }

    /// <summary>Qdrant's delete_payload: removes each key, which may be a dotted path into nested objects.</summary>
    public static JsonObject RemoveKeys(JsonElement existing, IReadOnlyList<string> keys)
    {
        var result = ToMutable(existing);
        foreach (var key in keys)
        {
            var parts = key.Split('.');
            var parent = result;
            for (var i = 0; i < parts.Length - 1 && parent is not null; i++)
            {
                parent = parent[parts[i]] as JsonObject;
            }

            parent?.Remove(parts[^1]);
        }

        return result;
    }

    private static JsonObject ToMutable(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? JsonNode.Parse(element.GetRawText())!.AsObject() : [];
}
