using System.Text.Json;

namespace Pulse.Testing.OpenApi;

/// <summary>The keywords that check one value on its own: type, nullability, enum, const, format, bounds.</summary>
internal static class SchemaKeywords
{
    private static readonly string[] ConstrainingKeywords =
        ["type", "$ref", "allOf", "anyOf", "oneOf", "enum", "const", "properties", "items", "additionalProperties"];

    public static bool AllowsNull(JsonElement schema) =>
        IsNullable(schema) || (TypeNames(schema)?.Contains("null") ?? false);

    /// <summary>
    /// Qdrant writes "X or null" as <c>anyOf: [X, {nullable: true}]</c>. Read literally, a schema with
    /// nothing but <c>nullable</c> accepts anything, which would switch off every such check;
    /// the evident intent is "null", so that is what it means here.
    /// </summary>
    public static bool IsNullOnly(JsonElement schema) =>
        IsNullable(schema) && !ConstrainingKeywords.Any(k => schema.TryGetProperty(k, out _));

    /// <summary>The types a schema accepts at its top level, or null when it does not say.</summary>
    public static IReadOnlyList<string>? DeclaredTypes(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (IsNullOnly(schema))
        {
            return ["null"];
        }

        var names = TypeNames(schema);
        return names is null ? null : IsNullable(schema) ? [.. names, "null"] : names;
    }

    public static bool CheckType(JsonElement instance, JsonElement schema, string path, List<SpecViolation> sink)
    {
        var expected = DeclaredTypes(schema);
        if (expected is null || expected.Any(t => IsType(instance, t)))
        {
            return true;
        }

        sink.Add(new SpecViolation(path, $"expected {string.Join(" or ", expected.Distinct())}, got {KindName(instance)}"));
        return false;
    }

    public static bool IsType(JsonElement instance, string type) => type switch
    {
        "object" => instance.ValueKind == JsonValueKind.Object,
        "array" => instance.ValueKind == JsonValueKind.Array,
        "string" => instance.ValueKind == JsonValueKind.String,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => instance.ValueKind == JsonValueKind.Null,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && SchemaNumbers.IsInteger(instance),
        _ => true,
    };

    public static string KindName(JsonElement instance) => instance.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        JsonValueKind.Number => SchemaNumbers.IsInteger(instance) ? "integer" : $"number {instance.GetRawText()}",
        _ => "nothing",
    };

    public static void CheckValue(JsonElement instance, JsonElement schema, string path, List<SpecViolation> sink)
    {
        if (schema.TryGetProperty("enum", out var options) && options.ValueKind == JsonValueKind.Array
            && !options.EnumerateArray().Any(o => JsonElement.DeepEquals(o, instance)))
        {
            var listed = string.Join(", ", options.EnumerateArray().Take(12).Select(o => o.GetRawText()));
            sink.Add(new SpecViolation(path, $"{Shorten(instance)} is not one of {listed}"));
        }

        if (schema.TryGetProperty("const", out var constant) && !JsonElement.DeepEquals(constant, instance))
        {
            sink.Add(new SpecViolation(path, $"{Shorten(instance)} is not the constant {constant.GetRawText()}"));
        }

        if (instance.ValueKind == JsonValueKind.Number)
        {
            SchemaNumbers.Check(instance, schema, path, sink);
        }
        else if (instance.ValueKind == JsonValueKind.String)
        {
            CheckString(instance.GetString() ?? "", schema, path, sink);
        }
    }

    public static void CheckArrayBounds(JsonElement instance, JsonElement schema, string path, List<SpecViolation> sink)
    {
        var count = instance.GetArrayLength();
        if (SchemaNumbers.Bound(schema, "minItems") is { } min && count < min)
        {
            sink.Add(new SpecViolation(path, $"has {count} items, fewer than minItems {min}"));
        }

        if (SchemaNumbers.Bound(schema, "maxItems") is { } max && count > max)
        {
            sink.Add(new SpecViolation(path, $"has {count} items, more than maxItems {max}"));
        }

        if (schema.TryGetProperty("uniqueItems", out var unique) && unique.ValueKind == JsonValueKind.True)
        {
            var items = instance.EnumerateArray().ToList();
            if (items.Where((item, i) => items.Take(i).Any(earlier => JsonElement.DeepEquals(earlier, item))).Any())
            {
                sink.Add(new SpecViolation(path, "items are not unique (uniqueItems: true)"));
            }
        }
    }

    private static void CheckString(string value, JsonElement schema, string path, List<SpecViolation> sink)
    {
        // JSON Schema counts characters as code points, not UTF-16 units.
        var length = value.EnumerateRunes().Count();
        if (SchemaNumbers.Bound(schema, "minLength") is { } min && length < min)
        {
            sink.Add(new SpecViolation(path, $"is {length} characters long, shorter than minLength {min}"));
        }

        if (SchemaNumbers.Bound(schema, "maxLength") is { } max && length > max)
        {
            sink.Add(new SpecViolation(path, $"is {length} characters long, longer than maxLength {max}"));
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() == "uuid" && !Guid.TryParse(value, out _))
        {
            sink.Add(new SpecViolation(path, $"\"{value}\" is not a uuid"));
        }
    }

    private static bool IsNullable(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object
        && schema.TryGetProperty("nullable", out var nullable)
        && nullable.ValueKind == JsonValueKind.True;

    private static IReadOnlyList<string>? TypeNames(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return null;
        }

        return type.ValueKind == JsonValueKind.Array
            ? [.. type.EnumerateArray().Select(t => t.GetString() ?? "")]
            : [type.GetString() ?? ""];
    }

    private static string Shorten(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 60 ? raw : raw[..57] + "...";
    }
}
