using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Core.VectorStore.Filters;

/// <summary>Converts filters to and from Qdrant's JSON filter shape.</summary>
public static class FilterJson
{
    /// <summary>The filter as Qdrant's JSON (<c>{"must":[..],"should":[..],"must_not":[..]}</c>, empty lists left out).</summary>
    public static JsonObject ToJson(Filter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var json = new JsonObject();
        AddList(json, "must", filter.Must);
        AddList(json, "should", filter.Should);
        AddList(json, "must_not", filter.MustNot);
        return json;
    }

    /// <summary>The filter as compact JSON text.</summary>
    public static string ToJsonString(Filter filter) => ToJson(filter).ToJsonString();

    /// <summary>Reads Qdrant filter JSON; throws <see cref="FilterParseException"/> naming the path of the first problem.</summary>
    public static Filter Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : "";
            throw new FilterParseException("$", $"malformed JSON{where}.", ex);
        }
        catch (ArgumentException ex)
        {
            // A lone UTF-16 surrogate (pasted or typed text cut mid-character) cannot be read as JSON at all.
            throw new FilterParseException("$", "the text is not valid Unicode (a broken character); retype or paste it again.", ex);
        }

        return FilterJsonReader.ReadFilter(root, "$");
    }

    /// <summary>Like <see cref="Parse"/>, but returns the message instead of throwing.</summary>
    public static bool TryParse(string json, out Filter? filter, out string? error)
    {
        try
        {
            filter = Parse(json);
            error = null;
            return true;
        }
        catch (FilterParseException ex)
        {
            filter = null;
            error = ex.Message;
            return false;
        }
    }

    internal static JsonNode ConditionToJson(Condition condition) => condition switch
    {
        Filter f => ToJson(f),
        MatchValueCondition c => Field(c.Key, "match", new JsonObject { ["value"] = ValueToJson(c.Value) }),
        MatchAnyCondition c => Field(c.Key, "match", new JsonObject { ["any"] = ValuesToJson(c.Values) }),
        MatchExceptCondition c => Field(c.Key, "match", new JsonObject { ["except"] = ValuesToJson(c.Values) }),
        MatchTextCondition c => Field(c.Key, "match", new JsonObject { ["text"] = c.Text }),
        RangeCondition c => Field(c.Key, "range", Bounds(c.Gt, c.Gte, c.Lt, c.Lte)),
        ValuesCountCondition c => Field(c.Key, "values_count", Bounds(c.Gt, c.Gte, c.Lt, c.Lte)),
        IsEmptyCondition c => new JsonObject { ["is_empty"] = new JsonObject { ["key"] = c.Key } },
        IsNullCondition c => new JsonObject { ["is_null"] = new JsonObject { ["key"] = c.Key } },
        HasIdCondition c => new JsonObject { ["has_id"] = new JsonArray([.. c.Ids.Select(PointIdToJson)]) },
        NestedCondition c => new JsonObject
        {
            ["nested"] = new JsonObject { ["key"] = c.Key, ["filter"] = ToJson(c.Filter) },
        },
        _ => throw new NotSupportedException($"Condition type {condition.GetType().Name} has no JSON form."),
    };

    internal static JsonNode PointIdToJson(PointId id) =>
        id.IsUuid ? JsonValue.Create(id.ToString()) : JsonValue.Create(id.Number);

    private static void AddList(JsonObject json, string name, IReadOnlyList<Condition> conditions)
    {
        if (conditions.Count > 0)
        {
            json[name] = new JsonArray([.. conditions.Select(ConditionToJson)]);
        }
    }

    private static JsonObject Field(string key, string name, JsonNode body) => new() { ["key"] = key, [name] = body };

    private static JsonNode ValueToJson(FilterValue value) => value.Kind switch
    {
        FilterValueKind.Keyword => JsonValue.Create(value.Text!),
        FilterValueKind.Integer => JsonValue.Create(value.Integer),
        _ => JsonValue.Create(value.Boolean),
    };

    private static JsonArray ValuesToJson(IReadOnlyList<FilterValue> values) => new([.. values.Select(ValueToJson)]);

    private static JsonObject Bounds(double? gt, double? gte, double? lt, double? lte) =>
        Bounds([("gt", gt), ("gte", gte), ("lt", lt), ("lte", lte)], v => JsonValue.Create(v));

    private static JsonObject Bounds(int? gt, int? gte, int? lt, int? lte) =>
        Bounds([("gt", gt), ("gte", gte), ("lt", lt), ("lte", lte)], v => JsonValue.Create(v));

    private static JsonObject Bounds<T>((string Name, T? Value)[] bounds, Func<T, JsonNode> create)
        where T : struct
    {
        var json = new JsonObject();
        foreach (var (name, value) in bounds)
        {
            if (value is { } v)
            {
                json[name] = create(v);
            }
        }

        return json;
    }
}
