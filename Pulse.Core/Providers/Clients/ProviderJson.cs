using System.Text.Json;

namespace Pulse.Core.Providers.Clients;

/// <summary>Strict JSON reading shared by the protocol parsers; every surprise becomes a BadResponse.</summary>
internal static class ProviderJson
{
    public static T Read<T>(string body, IntegrationSpec spec, Func<JsonElement, T> read)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return read(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw Bad(spec, "answered with something that is not JSON", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw Bad(spec, "answered with JSON of an unexpected shape", ex);
        }
    }

    public static JsonElement Required(JsonElement parent, string name, JsonValueKind kind, IntegrationSpec spec)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value) || value.ValueKind != kind)
        {
            throw Bad(spec, $"answered without the expected '{name}' field");
        }

        return value;
    }

    public static string? OptionalString(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;

    public static int? OptionalInt(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetInt32()
            : null;

    public static float[] ReadVector(JsonElement array, IntegrationSpec spec)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Bad(spec, "returned an embedding that is not a list of numbers");
        }

        var vector = new float[array.GetArrayLength()];
        var i = 0;
        foreach (var element in array.EnumerateArray())
        {
            var value = element.GetSingle();
            if (!float.IsFinite(value))
            {
                throw Bad(spec, "returned an embedding containing a non-finite number");
            }

            vector[i++] = value;
        }

        if (vector.Length == 0)
        {
            throw Bad(spec, "returned an empty embedding");
        }

        return vector;
    }

    public static ProviderException Bad(IntegrationSpec spec, string what, Exception? inner = null) =>
        ProviderHttp.Failure(spec, ProviderErrorCategory.BadResponse, what, inner);
}
