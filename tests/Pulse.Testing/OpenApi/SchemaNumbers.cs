using System.Globalization;
using System.Text.Json;

namespace Pulse.Testing.OpenApi;

/// <summary>Numeric keywords: integer formats, minimum/maximum (3.0 boolean and 3.1 numeric exclusives), and count bounds.</summary>
internal static class SchemaNumbers
{
    private static readonly Dictionary<string, (decimal Min, decimal Max)> IntegerFormats = new()
    {
        ["int8"] = (sbyte.MinValue, sbyte.MaxValue),
        ["int16"] = (short.MinValue, short.MaxValue),
        ["int32"] = (int.MinValue, int.MaxValue),
        ["int64"] = (long.MinValue, long.MaxValue),
        ["uint8"] = (0, byte.MaxValue),
        ["uint16"] = (0, ushort.MaxValue),
        ["uint32"] = (0, uint.MaxValue),
        ["uint64"] = (0, ulong.MaxValue),
        // Qdrant's "uint" is Rust's usize: 64 bits on the servers it ships for.
        ["uint"] = (0, ulong.MaxValue),
    };

    public static bool IsInteger(JsonElement number) =>
        number.TryGetDecimal(out var value) ? value == decimal.Truncate(value) : double.IsInteger(number.GetDouble());

    public static void Check(JsonElement number, JsonElement schema, string path, List<SpecViolation> sink)
    {
        CheckFormat(number, schema, path, sink);
        var raw = number.GetRawText();
        if (Limit(schema, "minimum") is { } minimum)
        {
            var exclusive = schema.TryGetProperty("exclusiveMinimum", out var flag) && flag.ValueKind == JsonValueKind.True;
            if (Compare(number, minimum) < 0 || (exclusive && Compare(number, minimum) == 0))
            {
                sink.Add(new SpecViolation(path, $"{raw} is below the {(exclusive ? "exclusive " : "")}minimum {minimum.GetRawText()}"));
            }
        }

        if (Limit(schema, "maximum") is { } maximum)
        {
            var exclusive = schema.TryGetProperty("exclusiveMaximum", out var flag) && flag.ValueKind == JsonValueKind.True;
            if (Compare(number, maximum) > 0 || (exclusive && Compare(number, maximum) == 0))
            {
                sink.Add(new SpecViolation(path, $"{raw} is above the {(exclusive ? "exclusive " : "")}maximum {maximum.GetRawText()}"));
            }
        }

        // In 3.1 the exclusive bounds are numbers of their own.
        if (Limit(schema, "exclusiveMinimum") is { } low && Compare(number, low) <= 0)
        {
            sink.Add(new SpecViolation(path, $"{raw} is not above the exclusive minimum {low.GetRawText()}"));
        }

        if (Limit(schema, "exclusiveMaximum") is { } high && Compare(number, high) >= 0)
        {
            sink.Add(new SpecViolation(path, $"{raw} is not below the exclusive maximum {high.GetRawText()}"));
        }
    }

    /// <summary>A non-negative count keyword such as minItems, or null when absent.</summary>
    public static long? Bound(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n)
            ? n
            : null;

    private static void CheckFormat(JsonElement number, JsonElement schema, string path, List<SpecViolation> sink)
    {
        if (!schema.TryGetProperty("format", out var format) || !IntegerFormats.TryGetValue(format.GetString() ?? "", out var range))
        {
            return;
        }

        if (!IsInteger(number))
        {
            sink.Add(new SpecViolation(path, $"{number.GetRawText()} is not an integer (format {format.GetString()})"));
        }
        else if (!number.TryGetDecimal(out var value) || value < range.Min || value > range.Max)
        {
            sink.Add(new SpecViolation(path, $"{number.GetRawText()} is out of range for format {format.GetString()}"));
        }
    }

    private static JsonElement? Limit(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number ? value : null;

    private static int Compare(JsonElement left, JsonElement right) =>
        left.TryGetDecimal(out var a) && right.TryGetDecimal(out var b)
            ? a.CompareTo(b)
            : double.Parse(left.GetRawText(), CultureInfo.InvariantCulture).CompareTo(double.Parse(right.GetRawText(), CultureInfo.InvariantCulture));
}
