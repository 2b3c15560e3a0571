using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Pulse.Core.Preferences;

/// <summary>
/// The stored names and JSON form of the preference documents (snake_case, enums as strings, a schema_version in
/// each). Reading goes through <see cref="Read{T}"/>, which upgrades an older document step by step to the current
/// shape before binding it (a document without schema_version predates versioning and counts as version 1).
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

    private static readonly Dictionary<Type, int> CurrentVersions = new()
    {
        [typeof(DefaultModelsPreference)] = DefaultModelsPreference.CurrentVersion,
        [typeof(PerformancePreference)] = PerformancePreference.CurrentVersion,
        [typeof(CostLimitsPreference)] = CostLimitsPreference.CurrentVersion,
        [typeof(PipelineConfiguration)] = PipelineConfiguration.CurrentVersion,
    };

    // (document, version) -> the step that turns that version into the next one.
    private static readonly Dictionary<(Type Document, int From), Action<JsonObject>> Upgrades = new()
    {
        // Version 2 of cost_limits added per-provider caps: a version-1 budget had none.
        [(typeof(CostLimitsPreference), 1)] = document => document["provider_caps"] ??= new JsonArray(),
    };

    /// <summary>The shape version this code writes for a document type.</summary>
    public static int CurrentVersionOf<T>() => CurrentVersions.GetValueOrDefault(typeof(T), 1);

    /// <summary>The JSON stored for a document.</summary>
    public static string Write<T>(T document) => JsonSerializer.Serialize(document, Json);

    /// <summary>
    /// A stored document in the current shape, or a default one when nothing (or an empty object) is stored. An older
    /// document is upgraded; a newer one (written by a newer portal) is bound as far as this code understands it and
    /// keeps its schema_version, so a save can be stopped before it loses the newer document's additions.
    /// </summary>
    public static T Read<T>(string? json) where T : new()
    {
        if (string.IsNullOrWhiteSpace(json)) return new T();
        if (JsonNode.Parse(json) is not JsonObject document) return new T();
        var current = CurrentVersionOf<T>();
        var version = StoredVersion(document);
        for (; version < current; version++)
        {
            if (Upgrades.TryGetValue((typeof(T), version), out var upgrade)) upgrade(document);
            document["schema_version"] = version + 1;
        }
        return document.Deserialize<T>(Json) ?? new T();
    }

    internal static T Copy<T>(T document) where T : new() => Read<T>(Write(document));

    private static int StoredVersion(JsonObject document) =>
        document["schema_version"] is JsonValue value && value.TryGetValue<int>(out var version) && version >= 1 ? version : 1;
}
