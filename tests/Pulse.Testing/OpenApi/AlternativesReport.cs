using System.Text.Json;

namespace Pulse.Testing.OpenApi;

/// <summary>
/// Turns the failures of every <c>anyOf</c>/<c>oneOf</c> branch into violations a reader can act on:
/// the types that would have been accepted, or the failures of the branch the value was most likely meant for.
/// </summary>
internal sealed class AlternativesReport(JsonSchemaValidator validator, JsonElement instance, string keyword, string path)
{
    public IEnumerable<SpecViolation> Explain(List<BranchOutcome> outcomes)
    {
        var compatible = outcomes.Where(o => SchemaKeywords.DeclaredTypes(o.Schema) is not { } types
            || types.Any(t => SchemaKeywords.IsType(instance, t))).ToList();
        if (compatible.Count == 0)
        {
            var expected = outcomes.SelectMany(o => SchemaKeywords.DeclaredTypes(o.Schema)!).Distinct();
            return [new SpecViolation(path, $"expected {string.Join(" or ", expected)}, got {SchemaKeywords.KindName(instance)}")];
        }

        if (compatible.Count == 1)
        {
            return compatible[0].Violations;
        }

        // The branch that declares most of the value's properties is the one the sender meant
        // (Qdrant's VectorsConfig: {size, distance} is VectorParams, not a map of named vectors);
        // failing that, the branch whose checks got deepest into the value before failing.
        var ranked = compatible
            .Select(o => (Outcome: o, Overlap: Overlap(o.Schema), Depth: o.Violations.Max(v => v.Path.Length)))
            .OrderByDescending(x => x.Overlap)
            .ThenByDescending(x => x.Depth)
            .ThenBy(x => x.Outcome.Violations.Count)
            .ToList();
        var tied = ranked.Where(x => x.Overlap == ranked[0].Overlap && x.Depth == ranked[0].Depth).Select(x => x.Outcome).ToList();
        if (tied.Count > 1 && tied.All(o => o.Violations.All(v => v.Path == path)))
        {
            var reasons = tied.SelectMany(o => o.Violations.Select(v => v.Message)).Distinct();
            return [new SpecViolation(path, $"matches none of the {keyword} branches: {string.Join("; ", reasons)}")];
        }

        return ranked[0].Outcome.Violations;
    }

    private int Overlap(JsonElement schema)
    {
        if (instance.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        var declared = new HashSet<string>();
        Collect(schema, declared);
        if (schema.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in allOf.EnumerateArray())
            {
                Collect(validator.Dereference(part), declared);
            }
        }

        return instance.EnumerateObject().Count(p => declared.Contains(p.Name));
    }

    private static void Collect(JsonElement schema, HashSet<string> names)
    {
        if (schema.ValueKind == JsonValueKind.Object
            && schema.TryGetProperty("properties", out var properties)
            && properties.ValueKind == JsonValueKind.Object)
        {
            names.UnionWith(properties.EnumerateObject().Select(p => p.Name));
        }
    }
}
