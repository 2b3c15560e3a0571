using System.Text.Json;

namespace Pulse.Testing.OpenApi;

/// <summary>
/// The property names the schemas applied at one place in a value account for: those their <c>properties</c>
/// declare, or all of them when a schema leaves the object open (<c>additionalProperties</c>, or no shape at all).
/// Strict checking reports an object's other properties, as JSON Schema's <c>unevaluatedProperties: false</c> would.
/// </summary>
internal sealed class EvaluatedProperties
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    private EvaluatedProperties(bool all)
    {
        All = all;
    }

    /// <summary>True when every property is accounted for.</summary>
    public bool All { get; private set; }

    /// <summary>Nothing accounted for yet.</summary>
    public static EvaluatedProperties None() => new(all: false);

    /// <summary>Every property accounted for: nothing more to report at this place.</summary>
    public static EvaluatedProperties Everything() => new(all: true);

    public bool Contains(string name) => All || _names.Contains(name);

    public void Add(string name) => _names.Add(name);

    public void MarkAll() => All = true;

    public void UnionWith(EvaluatedProperties other)
    {
        All |= other.All;
        _names.UnionWith(other._names);
    }

    /// <summary>
    /// A schema with no keyword that shapes an object's keys (<c>{}</c>, <c>{"type":"object"}</c>, <c>{"required":[…]}</c>)
    /// is a free-form object in OpenAPI usage, so it leaves every key open rather than closing all of them.
    /// </summary>
    public static bool LeavesKeysOpen(JsonElement schema) =>
        schema.ValueKind != JsonValueKind.Object
        || !ShapingKeywords.Any(keyword => schema.TryGetProperty(keyword, out _));

    private static readonly string[] ShapingKeywords =
        ["properties", "additionalProperties", "$ref", "allOf", "anyOf", "oneOf"];
}
