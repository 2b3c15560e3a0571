using System.Text.Json;
using Pulse.Testing.OpenApi;

namespace Pulse.Core.Tests.Testing;

public class JsonSchemaValidatorTests
{
    private const string Document = """
        {"components":{"schemas":{
          "Node":{"type":"object","required":["name"],"properties":{
            "name":{"type":"string","minLength":1,"maxLength":5},
            "children":{"type":"array","items":{"$ref":"#/components/schemas/Node"}}}},
          "Loop":{"anyOf":[{"$ref":"#/components/schemas/Loop"},{"type":"string"}]},
          "Nullable30":{"type":"integer","format":"int32","nullable":true},
          "Nullable31":{"type":["integer","null"],"minimum":0,"exclusiveMaximum":10},
          "Legacy":{"type":"number","minimum":0,"exclusiveMinimum":true},
          "Map":{"type":"object","additionalProperties":{"type":"integer","format":"uint8"}},
          "Closed":{"type":"object","properties":{"a":{"const":"x"}},"additionalProperties":false},
          "Either":{"oneOf":[{"type":"string"},{"type":"string","enum":["a"]}]},
          "Both":{"allOf":[{"required":["a"]},{"required":["b"]}]},
          "Pair":{"type":"array","minItems":2,"maxItems":2,"uniqueItems":true},
          "Request":{"type":"object","required":["limit"],"properties":{
            "limit":{"type":"integer"},
            "with_payload":{"type":"boolean"},
            "params":{"anyOf":[{"$ref":"#/components/schemas/Params"},{"nullable":true}]},
            "shape":{"$ref":"#/components/schemas/Shape"},
            "payload":{"$ref":"#/components/schemas/Payload"},
            "labels":{"$ref":"#/components/schemas/Map"},
            "extra":{"type":"object"},
            "items":{"type":"array","items":{"$ref":"#/components/schemas/Params"}}}},
          "Params":{"type":"object","properties":{"exact":{"type":"boolean"}}},
          "Shape":{"oneOf":[
            {"type":"object","required":["circle"],"properties":{"circle":{"type":"number"},"unit":{"type":"string"}}},
            {"type":"object","required":["square"],"properties":{"square":{"type":"number"}}}]},
          "Extended":{"allOf":[{"$ref":"#/components/schemas/Params"},{"type":"object","properties":{"hnsw_ef":{"type":"integer"}}}]},
          "Payload":{"type":"object","additionalProperties":true}
        }}}
        """;

    private readonly JsonSchemaValidator _validator = new(JsonDocument.Parse(Document).RootElement);

    [Fact]
    public void Follows_recursive_refs_into_nested_arrays()
    {
        var violations = Validate("Node", """{"name":"root","children":[{"name":"a"},{"name":"","children":[{}]}]}""");

        Assert.Equal(
            ["$.children[1].name: is 0 characters long, shorter than minLength 1", "$.children[1].children[0]: missing required property \"name\""],
            violations);
    }

    [Fact]
    public void Survives_a_ref_cycle_that_consumes_nothing()
    {
        Assert.Empty(Validate("Loop", "\"text\""));
        Assert.NotEmpty(Validate("Loop", "5"));
    }

    [Fact]
    public void Accepts_null_through_nullable_in_30_and_null_type_in_31()
    {
        Assert.Empty(Validate("Nullable30", "null"));
        Assert.Empty(Validate("Nullable31", "null"));
        Assert.Equal(["$: expected integer or null, got string"], Validate("Nullable30", "\"1\""));
    }

    [Fact]
    public void Checks_integer_formats_and_both_styles_of_exclusive_bounds()
    {
        Assert.Equal(["$: expected integer or null, got number 3.5"], Validate("Nullable30", "3.5"));
        Assert.Equal(["$: 3000000000 is out of range for format int32"], Validate("Nullable30", "3000000000"));
        Assert.Equal(["$: 10 is not below the exclusive maximum 10"], Validate("Nullable31", "10"));
        Assert.Equal(["$: 0 is below the exclusive minimum 0"], Validate("Legacy", "0"));
        Assert.Equal(["$['odd key']: 256 is out of range for format uint8"], Validate("Map", """{"ok":1,"odd key":256}"""));
    }

    [Fact]
    public void Rejects_extra_properties_and_wrong_constants()
    {
        Assert.Equal(
            ["$.a: \"y\" is not the constant \"x\"", "$.b: property is not allowed (additionalProperties: false)"],
            Validate("Closed", """{"a":"y","b":1}"""));
    }

    [Fact]
    public void Treats_oneOf_as_at_least_one_branch()
    {
        Assert.Empty(Validate("Either", "\"a\""));
    }

    [Fact]
    public void Applies_every_allOf_branch()
    {
        Assert.Equal(["$: missing required property \"b\""], Validate("Both", """{"a":1}"""));
    }

    [Fact]
    public void Checks_array_length_and_uniqueness()
    {
        Assert.Equal(["$: has 3 items, more than maxItems 2"], Validate("Pair", "[1,2,3]"));
        Assert.Equal(["$: items are not unique (uniqueItems: true)"], Validate("Pair", """[{"a":1},{"a":1}]"""));
    }

    [Fact]
    public void Reports_an_unresolvable_ref()
    {
        Assert.Equal(["$: unresolvable $ref '#/components/schemas/Missing'"], Validate("Missing", "{}"));
    }

    [Fact]
    public void Strict_mode_names_an_unknown_property_and_its_path()
    {
        const string misspelled = """{"limit":10,"with_payloads":true}""";

        Assert.Empty(Validate("Request", misspelled));
        Assert.Equal(
            ["$.with_payloads: unknown property \"with_payloads\": no schema that applies here declares it (strict request check)"],
            Validate("Request", misspelled, strict: true));
    }

    [Fact]
    public void Strict_mode_follows_refs_nullable_variants_and_array_items_into_nested_objects()
    {
        Assert.Empty(Validate("Request", """{"limit":1,"params":{"exact":true},"items":[{"exact":false}]}""", strict: true));
        Assert.Empty(Validate("Request", """{"limit":1,"params":null}""", strict: true));
        Assert.Equal(
            ["$.params.exakt", "$.items[1].hnsw"],
            Paths(Validate("Request", """{"limit":1,"params":{"exakt":true},"items":[{"exact":true},{"hnsw":1}]}""", strict: true)));
    }

    [Fact]
    public void Strict_mode_accepts_a_property_declared_only_in_the_oneOf_branch_that_matches()
    {
        Assert.Empty(Validate("Request", """{"limit":1,"shape":{"circle":2,"unit":"cm"}}""", strict: true));
        Assert.Equal(["$.shape.unit"], Paths(Validate("Request", """{"limit":1,"shape":{"square":2,"unit":"cm"}}""", strict: true)));
    }

    [Fact]
    public void Strict_mode_counts_the_properties_of_every_allOf_part()
    {
        Assert.Empty(Validate("Extended", """{"exact":true,"hnsw_ef":64}""", strict: true));
        Assert.Equal(["$.ef"], Paths(Validate("Extended", """{"exact":true,"ef":64}""", strict: true)));
    }

    [Fact]
    public void Strict_mode_still_lets_additionalProperties_and_free_form_objects_hold_any_key()
    {
        Assert.Empty(Validate("Request", """{"limit":1,"payload":{"city":"London","n":{"deep":1}},"labels":{"any":1},"extra":{"x":1}}""", strict: true));
        Assert.Equal(["$.labels.any: 300 is out of range for format uint8"], Validate("Request", """{"limit":1,"labels":{"any":300}}""", strict: true));
    }

    [Fact]
    public void Strict_mode_does_not_repeat_what_additionalProperties_false_already_reports()
    {
        Assert.Equal(["$.b: property is not allowed (additionalProperties: false)"], Validate("Closed", """{"a":"x","b":1}""", strict: true));
    }

    private static List<string> Paths(List<string> violations) => [.. violations.Select(v => v[..v.IndexOf(": ", StringComparison.Ordinal)])];

    private List<string> Validate(string schemaName, string json, bool strict = false) =>
        [.. _validator.Validate(JsonDocument.Parse(json).RootElement, $"#/components/schemas/{schemaName}", strict: strict).Select(v => v.ToString())];
}
