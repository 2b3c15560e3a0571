using System.Text.Json;

namespace Pulse.Testing.OpenApi;

/// <summary>
/// Validates JSON values against the JSON-schema subset that OpenAPI 3.0 and 3.1 documents use:
/// local <c>$ref</c>, <c>type</c> (a name or a list, plus 3.0's <c>nullable</c>), <c>properties</c>,
/// <c>required</c>, <c>additionalProperties</c>, <c>items</c>, <c>allOf</c>, <c>anyOf</c>, <c>oneOf</c>,
/// <c>enum</c>, <c>const</c>, integer and uuid <c>format</c>s, numeric bounds, and item and length bounds.
/// Other keywords are ignored.
/// </summary>
/// <remarks>
/// <para><c>oneOf</c> is checked as "at least one branch matches", like <c>anyOf</c>. The published specs
/// generate <c>oneOf</c> from untagged Rust enums whose branches overlap (TEI's <c>Input</c> accepts
/// <c>[]</c> both as a token array and as a batch of inputs), so "exactly one" would reject
/// payloads the real servers accept.</para>
/// <para>Strict mode is for what a client sends: most published schemas leave objects open (no
/// <c>additionalProperties: false</c>), so a misspelled key would pass. In strict mode an object property that
/// no schema applied at its place declares is a violation, as JSON Schema's <c>unevaluatedProperties: false</c>:
/// declarations count from the schema itself, its <c>$ref</c>s and <c>allOf</c> parts, and the <c>anyOf</c>/<c>oneOf</c>
/// branches the value matches. <c>additionalProperties</c> and free-form objects still accept any key.
/// Responses are checked leniently, since servers may add fields.</para>
/// </remarks>
public sealed class JsonSchemaValidator
{
    // Deeper than any real payload; stops runaway recursion if the cycle guard is ever bypassed.
    private const int MaxDepth = 200;

    private readonly JsonElement _document;

    /// <summary>Creates a validator whose <c>$ref</c>s resolve inside <paramref name="document"/>.</summary>
    public JsonSchemaValidator(JsonElement document)
    {
        _document = document;
    }

    /// <summary>Validates <paramref name="instance"/> against <paramref name="schema"/>.</summary>
    /// <param name="instance">The value to check.</param>
    /// <param name="schema">A schema object (or boolean schema) from the document.</param>
    /// <param name="path">The JSON path that violations start from.</param>
    /// <param name="strict">Reject object properties that no applicable schema declares (for requests a client sends).</param>
    /// <returns>The violations found; empty when the value is valid.</returns>
    public IReadOnlyList<SpecViolation> Validate(JsonElement instance, JsonElement schema, string path = "$", bool strict = false)
    {
        var run = new Run(new List<SpecViolation>(), new HashSet<(string, string)>(), 0, strict);
        CheckPlace(instance, schema, path, run);
        return run.Sink;
    }

    /// <summary>Validates <paramref name="instance"/> against the schema a local reference such as <c>#/components/schemas/Distance</c> names.</summary>
    public IReadOnlyList<SpecViolation> Validate(JsonElement instance, string schemaReference, string path = "$", bool strict = false)
    {
        return TryResolve(schemaReference, out var schema)
            ? Validate(instance, schema, path, strict)
            : [new SpecViolation(path, $"unresolvable $ref '{schemaReference}'")];
    }

    /// <summary>Resolves a local JSON pointer reference (<c>#/a/b</c>) inside the document.</summary>
    public bool TryResolve(string reference, out JsonElement target)
    {
        target = _document;
        if (!reference.StartsWith('#'))
        {
            return false;
        }

        foreach (var raw in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(raw).Replace("~1", "/").Replace("~0", "~");
            if (target.ValueKind != JsonValueKind.Object || !target.TryGetProperty(name, out target))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Follows <c>$ref</c>s from <paramref name="schema"/> until a schema without one (bounded, for cycles).</summary>
    internal JsonElement Dereference(JsonElement schema)
    {
        for (var hops = 0; hops < 32 && schema.ValueKind == JsonValueKind.Object; hops++)
        {
            if (!schema.TryGetProperty("$ref", out var reference) || !TryResolve(reference.GetString() ?? "", out var next))
            {
                break;
            }

            schema = next;
        }

        return schema;
    }

    /// <summary>
    /// Checks a value at a new place (the root, a property value, an array item) and, in strict mode, reports
    /// the object properties that none of the schemas applied there declared.
    /// </summary>
    private void CheckPlace(JsonElement instance, JsonElement schema, string path, Run run)
    {
        var evaluated = Check(instance, schema, path, run);
        if (!run.Strict || instance.ValueKind != JsonValueKind.Object || evaluated.All)
        {
            return;
        }

        foreach (var property in instance.EnumerateObject().Where(p => !evaluated.Contains(p.Name)))
        {
            run.Sink.Add(new SpecViolation(
                JsonPaths.Child(path, property.Name),
                $"unknown property \"{property.Name}\": no schema that applies here declares it (strict request check)"));
        }
    }

    /// <summary>Checks <paramref name="instance"/> against one schema at one place and returns the properties it accounts for.</summary>
    private EvaluatedProperties Check(JsonElement instance, JsonElement schema, string path, Run run)
    {
        if (schema.ValueKind == JsonValueKind.False)
        {
            run.Sink.Add(new SpecViolation(path, "no value is allowed here"));
        }

        if (schema.ValueKind != JsonValueKind.Object || run.Depth > MaxDepth)
        {
            return EvaluatedProperties.Everything();
        }

        if (instance.ValueKind == JsonValueKind.Null && SchemaKeywords.AllowsNull(schema))
        {
            return EvaluatedProperties.Everything();
        }

        var evaluated = EvaluatedProperties.LeavesKeysOpen(schema) ? EvaluatedProperties.Everything() : EvaluatedProperties.None();
        var deeper = run with { Depth = run.Depth + 1 };
        if (schema.TryGetProperty("$ref", out var reference))
        {
            evaluated.UnionWith(CheckReference(instance, reference.GetString() ?? "", path, deeper));
        }

        // After a type mismatch the remaining keywords would only restate it (and unknown keys would be noise).
        if (!SchemaKeywords.CheckType(instance, schema, path, run.Sink))
        {
            return EvaluatedProperties.Everything();
        }

        SchemaKeywords.CheckValue(instance, schema, path, run.Sink);
        if (instance.ValueKind == JsonValueKind.Object)
        {
            CheckObject(instance, schema, path, deeper, evaluated);
        }
        else if (instance.ValueKind == JsonValueKind.Array)
        {
            CheckArray(instance, schema, path, deeper);
        }

        CheckCombinators(instance, schema, path, deeper, evaluated);
        return evaluated;
    }

    private EvaluatedProperties CheckReference(JsonElement instance, string reference, string path, Run run)
    {
                // A cycle can never be satisfied by a finite value, so it counts as a failure: that makes
        // anyOf: [$ref self, string] mean "string", and points at the spec when nothing else fits.
        var key = (reference, path);
        if (!run.Active.Add(key))
        {
            run.Sink.Add(new SpecViolation(path, $"circular $ref '{reference}' without progress into the value"));
            return EvaluatedProperties.Everything();
        }

        var evaluated = EvaluatedProperties.Everything();
        if (TryResolve(reference, out var target))
        {
            evaluated = Check(instance, target, path, run);
        }
        else
        {
            run.Sink.Add(new SpecViolation(path, $"unresolvable $ref '{reference}'"));
        }

        run.Active.Remove(key);
        return evaluated;
    }

    private void CheckObject(JsonElement instance, JsonElement schema, string path, Run run, EvaluatedProperties evaluated)
    {
        var properties = schema.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        if (schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array)
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString() ?? ""))
            {
                if (!instance.TryGetProperty(name, out _))
                {
                    run.Sink.Add(new SpecViolation(path, $"missing required property \"{name}\""));
                }
            }
        }

        // additionalProperties of any kind accounts for every key: false has already reported the extras.
        if (schema.TryGetProperty("additionalProperties", out var additional))
        {
            evaluated.MarkAll();
        }

        foreach (var property in instance.EnumerateObject())
        {
            var childPath = JsonPaths.Child(path, property.Name);
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                evaluated.Add(property.Name);
                CheckPlace(property.Value, propertySchema, childPath, run);
            }
            else if (additional.ValueKind == JsonValueKind.False)
            {
                run.Sink.Add(new SpecViolation(childPath, "property is not allowed (additionalProperties: false)"));
            }
            else if (additional.ValueKind == JsonValueKind.Object)
            {
                CheckPlace(property.Value, additional, childPath, run);
            }
        }
    }

    private void CheckArray(JsonElement instance, JsonElement schema, string path, Run run)
    {
        SchemaKeywords.CheckArrayBounds(instance, schema, path, run.Sink);
        if (!schema.TryGetProperty("items", out var items))
        {
            return;
        }

        var index = 0;
        foreach (var item in instance.EnumerateArray())
        {
            // 3.0 tuple-style items arrays give one schema per position.
            var itemSchema = items.ValueKind == JsonValueKind.Array
                ? (index < items.GetArrayLength() ? items[index] : default)
                : items;
            CheckPlace(item, itemSchema, $"{path}[{index}]", run);
            index++;
        }
    }

    private void CheckCombinators(JsonElement instance, JsonElement schema, string path, Run run, EvaluatedProperties evaluated)
    {
        if (schema.TryGetProperty("allOf", out var allOf) && allOf.ValueKind == JsonValueKind.Array)
        {
            foreach (var branch in allOf.EnumerateArray())
            {
                evaluated.UnionWith(Check(instance, branch, path, run));
            }
        }

        foreach (var keyword in (ReadOnlySpan<string>)["anyOf", "oneOf"])
        {
            if (schema.TryGetProperty(keyword, out var branches) && branches.ValueKind == JsonValueKind.Array)
            {
                evaluated.UnionWith(CheckAlternatives(instance, keyword, [.. branches.EnumerateArray()], path, run));
            }
        }
    }

    /// <summary>
    /// Passes when a branch matches. Every matching branch is tried, since each may declare keys the others do not
    /// (JSON Schema collects annotations from all of them); when none matches, all branches' keys count, so the
    /// report is about why no branch fits rather than a list of keys some branch would have accepted.
    /// </summary>
    private EvaluatedProperties CheckAlternatives(JsonElement instance, string keyword, JsonElement[] branches, string path, Run run)
    {
        var outcomes = new List<BranchOutcome>();
        var fromMatches = EvaluatedProperties.None();
        var fromAll = EvaluatedProperties.None();
        var matched = false;
        foreach (var branch in branches)
        {
            var sink = new List<SpecViolation>();
            var evaluated = Check(instance, branch, path, run with { Sink = sink });
            fromAll.UnionWith(evaluated);
            if (sink.Count == 0)
            {
                matched = true;
                fromMatches.UnionWith(evaluated);
                if (!run.Strict)
                {
                    return fromMatches;
                }
            }
            else
            {
                outcomes.Add(new BranchOutcome(Dereference(branch), sink));
            }
        }

        if (matched)
        {
            return fromMatches;
        }

        run.Sink.AddRange(new AlternativesReport(this, instance, keyword, path).Explain(outcomes));
        return fromAll;
    }

    private sealed record Run(List<SpecViolation> Sink, HashSet<(string Reference, string Path)> Active, int Depth, bool Strict);
}
