using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pulse.Core.Preferences;

/// <summary>
/// The stored names and JSON form of the preference documents (snake_case, enums as strings, a schema_version in
/// each). Reading goes through <see cref="Read{T}"/> so a future shape change has one place to upgrade old documents.
/// </summary>
public static class PreferenceDocuments
{
    public const string DefaultModelsType = "default_models";
    public const string PerformanceType = "performance";
    public const string CostLimitsType = "cost_limits";
    public const string PipelineCategory = "pipeline_config";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>The JSON stored for a document.</summary>
    public static string Write<T>(T document) => JsonSerializer.Serialize(document, Json);

    /// <summary>A stored document, or a default one when nothing (or an empty object) is stored.</summary>
    public static T Read<T>(string? json) where T : new()
    {
        if (string.IsNullOrWhiteSpace(json)) return new T();
        // Version 1 is the only shape so far; an older version would be upgraded here before binding.
        return JsonSerializer.Deserialize<T>(json, Json) ?? new T();
    }

    internal static T Copy<T>(T document) where T : new() => Read<T>(Write(document));
}
