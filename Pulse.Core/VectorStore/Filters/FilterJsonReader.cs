using System.Text.Json;
using System.Text.Json.Nodes;
using static Pulse.Core.VectorStore.Filters.FilterJsonPrimitives;

namespace Pulse.Core.VectorStore.Filters;

/// <summary>Reads Qdrant filter JSON into the filter model, carrying a JSONPath for every message.</summary>
internal static class FilterJsonReader
{
    private static readonly string[] FieldConditionNames = ["match", "range", "values_count", "is_empty", "is_null"];
    private static readonly string[] GeoNames = ["geo_bounding_box", "geo_radius", "geo_polygon"];

    public static Filter ReadFilter(JsonNode? node, string path)
    {
        var obj = node as JsonObject ?? throw Error(path, $"expected a filter object, found {Describe(node)}.");
        var must = new List<Condition>();
        var should = new List<Condition>();
        var mustNot = new List<Condition>();
        foreach (var (name, value) in obj)
        {
            var list = name switch
            {
                "must" => must,
                "should" => should,
                "must_not" => mustNot,
                "min_should" => throw Error($"{path}.min_should", "min_should is not supported; use should."),
                _ => throw Error($"{path}.{name}", $"unknown filter clause '{name}'; expected must, should or must_not."),
            };
            ReadClause(value, $"{path}.{name}", list);
        }

        return new Filter { Must = must, Should = should, MustNot = mustNot };
    }

    private static void ReadClause(JsonNode? node, string path, List<Condition> into)
    {
        switch (node)
        {
            case null:
                return;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    into.Add(ReadCondition(array[i], $"{path}[{i}]"));
                }

                return;
            default:
                into.Add(ReadCondition(node, path));
                return;
        }
    }

    private static Condition ReadCondition(JsonNode? node, string path)
    {
        var obj = node as JsonObject ?? throw Error(path, $"expected a condition object, found {Describe(node)}.");
        if (obj.ContainsKey("key"))
        {
            return ReadFieldCondition(obj, path);
        }

        if (obj.ContainsKey("must") || obj.ContainsKey("should") || obj.ContainsKey("must_not") || obj.ContainsKey("min_should"))
        {
            return ReadFilter(obj, path);
        }

        if (obj.Count != 1)
        {
            throw Error(path, obj.Count == 0
                ? "empty condition; expected a field condition (with \"key\"), is_empty, is_null, has_id, nested or a nested filter."
                : $"a condition has exactly one of is_empty, is_null, has_id or nested; found {string.Join(", ", obj.Select(p => p.Key))}.");
        }

        var (name, value) = obj.First();
        var at = $"{path}.{name}";
        return name switch
        {
            "is_empty" => new IsEmptyCondition(ReadPayloadFieldKey(value, at)),
            "is_null" => new IsNullCondition(ReadPayloadFieldKey(value, at)),
            "has_id" => new HasIdCondition(ReadIds(value, at)),
            "nested" => ReadNested(value, at),
            "has_vector" => throw Error(at, "has_vector is not supported (collections have one unnamed vector)."),
            _ => throw Error(at, $"unknown condition '{name}'; expected key, is_empty, is_null, has_id, nested, must, should or must_not."),
        };
    }

    private static Condition ReadFieldCondition(JsonObject obj, string path)
    {
        var key = ReadString(obj["key"], $"{path}.key");
        Condition? result = null;
        foreach (var (name, value) in obj)
        {
            if (name == "key" || value is null)
            {
                continue;
            }

            var at = $"{path}.{name}";
            if (GeoNames.Contains(name))
            {
                throw Error(at, $"{name} is not supported by Pulse's vector stores.");
            }

            if (!FieldConditionNames.Contains(name))
            {
                throw Error(at, $"unknown field condition '{name}'; expected one of {string.Join(", ", FieldConditionNames)}.");
            }

            if (result is not null)
            {
                throw Error(at, "a field condition has exactly one of match, range, values_count, is_empty or is_null.");
            }

            result = name switch
            {
                "match" => ReadMatch(key, value, at),
                "range" => ReadRange(key, value, at),
                "values_count" => ReadValuesCount(key, value, at),
                "is_empty" => ReadBool(value, at) ? new IsEmptyCondition(key) : Filter.NoneOf(new IsEmptyCondition(key)),
                _ => ReadBool(value, at) ? new IsNullCondition(key) : Filter.NoneOf(new IsNullCondition(key)),
            };
        }

        return result ?? throw Error(path, $"field condition on '{key}' needs one of match, range, values_count, is_empty or is_null.");
    }

    private static Condition ReadMatch(string key, JsonNode value, string path)
    {
        var obj = value as JsonObject ?? throw Error(path, $"expected a match object, found {Describe(value)}.");
        if (obj.Count != 1)
        {
            throw Error(path, "a match has exactly one of value, any, except or text.");
        }

        var (name, body) = obj.First();
        var at = $"{path}.{name}";
        return name switch
        {
            "value" => new MatchValueCondition(key, ReadValue(body, at)),
            "any" => new MatchAnyCondition(key, ReadValues(body, at)),
            "except" => new MatchExceptCondition(key, ReadValues(body, at)),
            "text" => new MatchTextCondition(key, ReadString(body, at)),
            "text_any" or "phrase" or "prefix" => throw Error(at, $"match.{name} is not supported; use text."),
            _ => throw Error(at, $"unknown match '{name}'; expected value, any, except or text."),
        };
    }

    private static RangeCondition ReadRange(string key, JsonNode value, string path)
    {
        var obj = RequireBounds(value, path);
        return new RangeCondition(key)
        {
            Gt = ReadNumber(obj, "gt", path),
            Gte = ReadNumber(obj, "gte", path),
            Lt = ReadNumber(obj, "lt", path),
            Lte = ReadNumber(obj, "lte", path),
        };
    }

    private static ValuesCountCondition ReadValuesCount(string key, JsonNode value, string path)
    {
        var obj = RequireBounds(value, path);
        return new ValuesCountCondition(key)
        {
            Gt = ReadCount(obj, "gt", path),
            Gte = ReadCount(obj, "gte", path),
            Lt = ReadCount(obj, "lt", path),
            Lte = ReadCount(obj, "lte", path),
        };
    }

    private static JsonObject RequireBounds(JsonNode value, string path)
    {
        var obj = value as JsonObject ?? throw Error(path, $"expected an object with gt, gte, lt or lte, found {Describe(value)}.");
        foreach (var (name, _) in obj)
        {
            if (name is not ("gt" or "gte" or "lt" or "lte"))
            {
                throw Error($"{path}.{name}", $"unknown bound '{name}'; expected gt, gte, lt or lte.");
            }
        }

        return obj;
    }

    private static double? ReadNumber(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return v.GetValue<double>();
        }

        throw Error($"{path}.{name}", $"expected a number, found {Describe(node)}. (Datetime ranges are not supported.)");
    }

    private static int? ReadCount(JsonObject obj, string name, string path)
    {
        var node = obj[name];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.TryGetValue<int>(out var n) && n >= 0)
        {
            return n;
        }

        throw Error($"{path}.{name}", $"expected a non-negative integer, found {Describe(node)}.");
    }

    private static NestedCondition ReadNested(JsonNode? value, string path)
    {
        var obj = value as JsonObject ?? throw Error(path, $"expected {{\"key\": .., \"filter\": {{..}}}}, found {Describe(value)}.");
        var key = ReadString(obj["key"], $"{path}.key");
        if (!obj.ContainsKey("filter"))
        {
            throw Error(path, "nested needs a filter.");
        }

        return new NestedCondition(key, ReadFilter(obj["filter"], $"{path}.filter"));
    }

    private static string ReadPayloadFieldKey(JsonNode? value, string path)
    {
        var obj = value as JsonObject ?? throw Error(path, $"expected {{\"key\": \"field\"}}, found {Describe(value)}.");
        return ReadString(obj["key"], $"{path}.key");
    }
}
