using System.Collections.Concurrent;
using System.Text.Json;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// Resolves Qdrant payload keys (<c>a.b</c>, <c>tags[]</c>, <c>items[0].name</c>) against a JSON payload.
/// Arrays met on the way are walked element by element, as Qdrant does.
/// </summary>
internal static class PayloadPath
{
    private static readonly ConcurrentDictionary<string, Segment[]> Cache = new();

    /// <summary>The values found at <paramref name="key"/>, arrays at the end left whole.</summary>
    public static List<JsonElement> Raw(JsonElement root, string key)
    {
        var output = new List<JsonElement>(1);
        if (root.ValueKind == JsonValueKind.Object)
        {
            Walk(root, Cache.GetOrAdd(key, Compile), 0, output);
        }

        return output;
    }

    /// <summary>The values at <paramref name="key"/> with arrays expanded into their elements.</summary>
    public static List<JsonElement> Flat(JsonElement root, string key)
    {
        var raw = Raw(root, key);
        if (!raw.Exists(static e => e.ValueKind == JsonValueKind.Array))
        {
            return raw;
        }

        var flat = new List<JsonElement>();
        foreach (var value in raw)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                flat.AddRange(value.EnumerateArray());
            }
            else
            {
                flat.Add(value);
            }
        }

        return flat;
    }

    private static void Walk(JsonElement current, Segment[] path, int index, List<JsonElement> output)
    {
        if (index == path.Length)
        {
            output.Add(current);
            return;
        }

        if (current.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in current.EnumerateArray())
            {
                Walk(element, path, index, output);
            }

            return;
        }

        var segment = path[index];
        if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(segment.Name, out var value))
        {
            return;
        }

        if (segment.Index is { } position)
        {
            if (value.ValueKind == JsonValueKind.Array && position < value.GetArrayLength())
            {
                Walk(value[position], path, index + 1, output);
            }

            return;
        }

        if (segment.Flatten && value.ValueKind == JsonValueKind.Array && index + 1 == path.Length)
        {
            foreach (var element in value.EnumerateArray())
            {
                output.Add(element);
            }

            return;
        }

        Walk(value, path, index + 1, output);
    }

    private static Segment[] Compile(string key) => [.. key.Split('.').Select(ParseSegment)];

    private static Segment ParseSegment(string text)
    {
        var open = text.IndexOf('[');
        if (open < 0 || !text.EndsWith(']'))
        {
            return new Segment(text, false, null);
        }

        var inside = text[(open + 1)..^1];
        var name = text[..open];
        return inside.Length == 0
            ? new Segment(name, true, null)
            : new Segment(name, false, int.TryParse(inside, out var n) && n >= 0 ? n : int.MaxValue);
    }

    private readonly record struct Segment(string Name, bool Flatten, int? Index);
}
