using Pulse.Core.Tests.Testing;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;
using Pulse.Testing.OpenApi;
using static Pulse.Core.VectorStore.Filters.Condition;

namespace Pulse.Core.Tests.VectorStore;

public sealed class FilterJsonTests
{
    private static readonly Filter EveryKind = new()
    {
        Must =
        [
            Match("city", "London"), Match("n", 3), Match("active", true),
            MatchAny("tags", "a", "b"), MatchExcept("n", 1, 2), MatchText("body", "quick fox"),
            Range("price", gt: 1.5, lte: 10), ValuesCount("tags", gte: 1),
        ],
        Should = [IsEmpty("note"), IsNull("note"), HasId(1UL, Guid.Parse("550e8400-e29b-41d4-a716-446655440000"))],
        MustNot = [Nested("items", Filter.All(Match("name", "x"))), Filter.AnyOf(Match("city", "Paris"))],
    };

    [Fact]
    public void Every_condition_serializes_to_qdrants_shape()
    {
        var json = FilterJson.ToJsonString(EveryKind);

        Assert.Equal(
            """{"must":[{"key":"city","match":{"value":"London"}},{"key":"n","match":{"value":3}},{"key":"active","match":{"value":true}},""" +
            """{"key":"tags","match":{"any":["a","b"]}},{"key":"n","match":{"except":[1,2]}},{"key":"body","match":{"text":"quick fox"}},""" +
            """{"key":"price","range":{"gt":1.5,"lte":10}},{"key":"tags","values_count":{"gte":1}}],"should":[""" +
            """{"is_empty":{"key":"note"}},{"is_null":{"key":"note"}},{"has_id":[1,"550e8400-e29b-41d4-a716-446655440000"]}],"must_not":[""" +
            """{"nested":{"key":"items","filter":{"must":[{"key":"name","match":{"value":"x"}}]}}},{"should":[{"key":"city","match":{"value":"Paris"}}]}]}""",
            json);
    }

    [SpecFact(SpecsFolder.Qdrant)]
    public void Serialized_filters_are_valid_against_the_qdrant_filter_schema()
    {
        Assert.Empty(PublishedSpecs.Qdrant.ValidateSchema(FilterJson.ToJsonString(EveryKind), "Filter"));
    }

    [Fact]
    public void Parsing_the_serialized_form_gives_the_same_filter_back()
    {
        var json = FilterJson.ToJsonString(EveryKind);

        Assert.Equal(json, FilterJson.ToJsonString(FilterJson.Parse(json)));
    }

    [Fact]
    public void A_single_condition_may_stand_in_for_a_list()
    {
        var filter = FilterJson.Parse("""{"must":{"key":"city","match":{"value":"London"}},"should":null}""");

        Assert.Equal(Match("city", "London"), Assert.Single(filter.Must));
        Assert.Empty(filter.Should);
    }

    [Theory]
    [InlineData("""{"must":[{"key":"a","match":{"value":1}}""", "$", "malformed JSON")]
    [InlineData("""[]""", "$", "expected a filter object")]
    [InlineData("""{"must":[{"key":"a","mtch":{"value":1}}]}""", "$.must[0].mtch", "unknown field condition 'mtch'")]
    [InlineData("""{"must":[{"has_idx":[1]}]}""", "$.must[0].has_idx", "unknown condition 'has_idx'")]
    [InlineData("""{"filter":{}}""", "$.filter", "unknown filter clause 'filter'")]
    [InlineData("""{"must":[{"key":"a","match":{"value":1.5}}]}""", "$.must[0].match.value", "expected a string, an integer or a boolean")]
    [InlineData("""{"should":[{"key":"a","match":{"any":["x",2]}}]}""", "$.should[0].match.any[1]", "all strings or all integers")]
    [InlineData("""{"must_not":[{"key":"a","range":{"gte":"1"}}]}""", "$.must_not[0].range.gte", "expected a number")]
    [InlineData("""{"must":[{"has_id":[-1]}]}""", "$.must[0].has_id[0]", "unsigned integer or a UUID")]
    [InlineData("""{"must":[{"nested":{"key":"items","filter":{"must":[{"key":""}]}}}]}""", "$.must[0].nested.filter.must[0].key", "non-empty string")]
    [InlineData("""{"must":[{"key":"a","geo_radius":{}}]}""", "$.must[0].geo_radius", "not supported")]
    public void Bad_filter_json_is_rejected_with_the_path_of_the_problem(string json, string path, string problem)
    {
        var error = Assert.Throws<FilterParseException>(() => FilterJson.Parse(json));

        Assert.Equal(path, error.Path);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"Invalid filter at {path}: ", error.Message);
        Assert.Equal(VectorStoreErrorKind.Validation, error.Kind);
    }

    [Fact]
    public void Try_parse_returns_the_message_instead_of_throwing()
    {
        Assert.False(FilterJson.TryParse("""{"must":[{}]}""", out var filter, out var error));
        Assert.Null(filter);
        Assert.Contains("$.must[0]", error);
    }
}
