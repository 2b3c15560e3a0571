using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Core.VectorStore.Filters;

/// <summary>Reads the scalar parts of filter JSON (values, ids, keys) and words the errors, always naming the path.</summary>
internal static class FilterJsonPrimitives
{
    public static List<PointId> ReadIds(JsonNode? value, string path)
    {
        var array = value as JsonArray ?? throw Error(path, $"expected an array of point ids, found {Describe(value)}.");
        var ids = new List<PointId>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            ids.Add(ReadId(array[i], $"{path}[{i}]"));
        }

        return ids;
    }

    public static PointId ReadId(JsonNode? node, string path)
    {
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<ulong>(out var n))
            {
                return PointId.FromNumber(n);
            }

            if (v.TryGetValue<string>(out var s) && Guid.TryParse(s, out var g))
            {
                return PointId.FromUuid(g);
            }
        }

        throw Error(path, $"expected an unsigned integer or a UUID string, found {Describe(node)}.");
    }

    public static FilterValue ReadValue(JsonNode? node, string path)
    {
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.String:
                    return FilterValue.Keyword(v.GetValue<string>());
                case JsonValueKind.True or JsonValueKind.False:
                    return FilterValue.Bool(v.GetValue<bool>());
                case JsonValueKind.Number when v.TryGetValue<long>(out var n):
                    return FilterValue.Int(n);
            }
        }

        throw Error(path, $"expected a string, an integer or a boolean, found {Describe(node)}. (Use range for decimals.)");
    }

    public static List<FilterValue> ReadValues(JsonNode? node, string path)
    {
        var array = node as JsonArray ?? throw Error(path, $"expected an array of strings or of integers, found {Describe(node)}.");
        var values = new List<FilterValue>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var value = ReadValue(array[i], $"{path}[{i}]");
            if (value.Kind == FilterValueKind.Bool || (values.Count > 0 && values[0].Kind != value.Kind))
            {
                throw Error($"{path}[{i}]", "values must be all strings or all integers.");
            }

            values.Add(value);
        }

        return values;
    }

    public static string ReadString(JsonNode? node, string path) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } s
            ? s
            : throw Error(path, $"expected a non-empty string, found {Describe(node)}.");

    public static bool ReadBool(JsonNode? node, string path) =>
        node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            ? v.GetValue<bool>()
            : throw Error(path, $"expected true or false, found {Describe(node)}.");

    public static string Describe(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        _ => $"{node.GetValueKind().ToString().ToLowerInvariant()} {node.ToJsonString()}",
    };

    public static FilterParseException Error(string path, string problem) => new(path, problem);
}
