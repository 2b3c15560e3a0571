using Pulse.Core.Collections.Filtering;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Tests.Collections;

/// <summary>The filter builder's rules and groups against Qdrant filter JSON, both ways.</summary>
public sealed class FilterBuilderTests
{
    [Fact]
    public void Rules_in_an_all_group_with_a_nested_any_group_become_must_must_not_and_should()
    {
        var root = new FilterGroup { Combinator = FilterCombinator.All };
        root.Rules.Add(new FilterRule { Field = "content_type", Operator = FilterOperator.EqualTo, Value = "Doctrine" });
        root.Rules.Add(new FilterRule { Field = "word_count", Operator = FilterOperator.AtLeast, Value = "40" });
        root.Rules.Add(new FilterRule { Field = "hierarchy_table", Operator = FilterOperator.NotEqualTo, Value = "science_hierarchy" });
        var any = new FilterGroup { Combinator = FilterCombinator.Any };
        any.Rules.Add(new FilterRule { Field = "chunk_number", Operator = FilterOperator.EqualTo, Value = "1" });
        any.Rules.Add(new FilterRule { Field = "tags", Operator = FilterOperator.AnyOf, Value = "a, b" });
        root.Groups.Add(any);

        var result = FilterBuilder.Build(root);

        Assert.True(result.IsValid);
        Assert.Equal(
            """{"must":[{"key":"content_type","match":{"value":"Doctrine"}},{"key":"word_count","range":{"gte":40}},{"should":[{"key":"chunk_number","match":{"value":1}},{"key":"tags","match":{"any":["a","b"]}}]}],"must_not":[{"key":"hierarchy_table","match":{"value":"science_hierarchy"}}]}""",
            result.Json);
    }

    [Fact]
    public void Builder_to_json_to_filter_to_builder_round_trips()
    {
        var root = new FilterGroup { Combinator = FilterCombinator.Any };
        root.Rules.Add(new FilterRule { Field = "title", Operator = FilterOperator.ContainsText, Value = "baptism" });
        root.Rules.Add(new FilterRule { Field = "published", Operator = FilterOperator.EqualTo, Value = "true" });
        root.Rules.Add(new FilterRule { Field = "summary", Operator = FilterOperator.IsEmpty });
        root.Rules.Add(new FilterRule { Field = "color", Operator = FilterOperator.NoneOf, Value = "red,blue" });
        var json = FilterBuilder.Build(root).Json;

        var parsed = FilterBuilder.Parse(json);
        var back = FilterBuilder.FromFilter(parsed.Filter!);

        Assert.NotNull(back);
        Assert.Equal(FilterCombinator.Any, back.Combinator);
        Assert.Equal(json, FilterBuilder.Build(back).Json);
        Assert.Equal(FilterJson.ToJsonString(FilterJson.Parse(json)), json);
    }

    [Fact]
    public void Each_bad_rule_is_named_with_what_to_fix()
    {
        var root = new FilterGroup();
        root.Rules.Add(new FilterRule { Field = "", Operator = FilterOperator.EqualTo, Value = "x" });
        root.Rules.Add(new FilterRule { Field = "word_count", Operator = FilterOperator.LessThan, Value = "many" });
        root.Rules.Add(new FilterRule { Field = "chunk_number", Operator = FilterOperator.EqualTo, Value = "one", ValueType = FilterValueType.Integer });
        root.Rules.Add(new FilterRule { Field = "color", Operator = FilterOperator.EqualTo, Value = " " });

        var result = FilterBuilder.Build(root);

        Assert.Null(result.Filter);
        Assert.Equal(
        [
            "Rule 1: choose a field.",
            "Rule 2 (word_count): 'many' is not a number; ranges compare numbers such as 100 or 2.5.",
            "Rule 3 (chunk_number): 'one' is not a whole number.",
            "Rule 4 (color): enter a value.",
        ], result.Errors);
    }

    [Fact]
    public void Raw_json_problems_name_the_path_and_unknown_fields_are_warned_about()
    {
        var malformed = FilterBuilder.Parse("""{"must":[{"key":"a","match":{"value":1}""");
        var wrongShape = FilterBuilder.Parse("""{"must":[{"key":"a","range":{"gte":"x"}}]}""");
        var typo = FilterBuilder.Parse("""{"must":[{"key":"colour","match":{"value":"red"}}]}""", ["color", "n"]);

        Assert.StartsWith("Invalid filter at $: malformed JSON", Assert.Single(malformed.Errors));
        Assert.Contains("$.must[0].range.gte", Assert.Single(wrongShape.Errors));
        Assert.True(typo.IsValid);
        Assert.Equal(["No sampled point has the field 'colour'; check the spelling."], typo.Warnings);
    }

    [Fact]
    public void An_empty_builder_or_blank_json_means_no_filter_and_conditions_without_a_rule_stay_json_only()
    {
        Assert.Null(FilterBuilder.Build(new FilterGroup()).Filter);
        Assert.Null(FilterBuilder.Parse("  ").Filter);
        Assert.Null(FilterBuilder.FromFilter(FilterJson.Parse("""{"must":[{"has_id":[1,2]}]}""")));
        Assert.Null(FilterBuilder.FromFilter(FilterJson.Parse("""{"must":[{"key":"n","range":{"gte":1,"lt":5}}]}""")));
    }
}
