using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Core.Collections;

/// <summary>Reads field paths, JSON types and keyword values out of sampled payloads.</summary>
internal static class PayloadSampling
{
    /// <summary>Every field path of a payload (objects one level deep as <c>a.b</c>) with its JSON type.</summary>
    public static IEnumerable<(string Path, string Type)> Fields(JsonObject? payload, string prefix = "", int depth = 0)
    {
        if (payload is null)
        {
            yield break;
        }

        foreach (var (key, value) in payload)
        {
            var path = prefix + key;
            if (value is JsonObject nested && depth < 1)
            {
                foreach (var inner in Fields(nested, path + ".", depth + 1))
                {
                    yield return inner;
                }

                continue;
            }

            yield return (path, TypeOf(value));
        }
    }

    /// <summary>The string, integer or boolean values of a field (each element of an array), as text.</summary>
    public static IEnumerable<string> Values(JsonObject? payload, string path)
    {
        JsonNode? node = payload;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(part, out var next) ? next : null;
        }

        var values = node is JsonArray array ? array.ToList() : [node];
        foreach (var value in values)
        {
            if (value is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            {
                yield return scalar.GetValueKind() == JsonValueKind.String ? scalar.GetValue<string>() : scalar.ToJsonString();
            }
        }
    }

    private static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonArray => "array",
        JsonObject => "object",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => v.ToJsonString().Contains('.') || v.ToJsonString().Contains('e') ? "number" : "integer",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            _ => "null",
        },
        _ => "null",
    };
}
