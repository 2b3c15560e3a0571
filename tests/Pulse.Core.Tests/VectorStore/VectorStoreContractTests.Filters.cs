using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;
using static Pulse.Core.VectorStore.Filters.Condition;

namespace Pulse.Core.Tests.VectorStore;

public abstract partial class VectorStoreContractTests
{
    private static readonly string[] FilterPayloads =
    [
        """{"city":"London","n":1,"price":10.5,"active":true,"tags":["a","b"],"text":"the quick brown fox","items":[{"name":"x","qty":1},{"name":"y","qty":5}]}""",
        """{"city":"Paris","n":2,"price":20,"active":false,"tags":["b"],"text":"lazy dog","items":[{"name":"x","qty":7}]}""",
        """{"city":"Berlin","n":3,"price":30,"active":true,"tags":[],"text":"Quick thinking","note":null}""",
        """{"city":"London","n":4,"price":40,"tags":["c"],"note":"hi"}""",
        """{"n":5}""",
        """{"city":null,"n":6}""",
    ];

    [ContractFact]
    public async Task Match_value_selects_keywords_integers_and_booleans()
    {
        var name = await FilterCollectionAsync();

        await AssertSelectsAsync(name, Where(Match("city", "London")), 1UL, 4UL);
        await AssertSelectsAsync(name, Where(Match("n", 3)), 3UL);
        await AssertSelectsAsync(name, Where(Match("active", false)), 2UL);
        await AssertSelectsAsync(name, Where(Match("tags", "b")), 1UL, 2UL);
    }

    [ContractFact]
    public async Task Match_any_and_except_select_by_value_sets()
    {
        var name = await FilterCollectionAsync();

        await AssertSelectsAsync(name, Where(MatchAny("city", "London", "Paris")), 1UL, 2UL, 4UL);
        await AssertSelectsAsync(name, Where(MatchAny("n", 2, 5)), 2UL, 5UL);
        await AssertSelectsAsync(name, Where(MatchExcept("city", "London"), Range("n", lte: 3)), 2UL, 3UL);
    }

    [ContractFact]
    public async Task Text_match_on_a_text_index_matches_words()
    {
        var name = await FilterCollectionAsync();
        await Store.CreatePayloadIndexAsync(name, "text", PayloadFieldType.Text);

        await AssertSelectsAsync(name, Where(MatchText("text", "quick")), 1UL, 3UL);
    }

    [ContractFact]
    public async Task Range_selects_numbers_within_bounds()
    {
        var name = await FilterCollectionAsync();

        await AssertSelectsAsync(name, Where(Range("price", gt: 10.5, lte: 30)), 2UL, 3UL);
        await AssertSelectsAsync(name, Where(Range("n", gte: 5)), 5UL, 6UL);
    }

    [ContractFact]
    public async Task Is_empty_is_null_and_values_count_follow_qdrant()
    {
        var name = await FilterCollectionAsync();

        await AssertSelectsAsync(name, Where(IsEmpty("tags")), 3UL, 5UL, 6UL);
        await AssertSelectsAsync(name, Where(IsEmpty("city")), 5UL, 6UL);
        await AssertSelectsAsync(name, Where(new Filter { Should = [IsNull("note"), IsNull("city")] }), 3UL, 6UL);
        await AssertSelectsAsync(name, Where(ValuesCount("tags", gte: 2)), 1UL);
    }

    [ContractFact]
    public async Task Has_id_nested_and_boolean_groups_combine()
    {
        var name = await FilterCollectionAsync();

        await AssertSelectsAsync(name, Where(HasId(2UL, 4UL, 99UL)), 2UL, 4UL);
        await AssertSelectsAsync(name, Where(Nested("items", Where(Match("name", "x"), Range("qty", lt: 3)))), 1UL);
        var group = new Filter
        {
            Should = [Match("city", "Paris"), Filter.All(Match("city", "London"), Range("n", gt: 1))],
            MustNot = [Match("active", false)],
        };
        await AssertSelectsAsync(name, group, 4UL);
        await AssertSelectsAsync(name, Filter.NoneOf(MatchAny("city", "London", "Paris")), 3UL, 5UL, 6UL);
    }

    [ContractFact]
    public async Task Indexed_and_unindexed_filters_agree_and_filter_queries()
    {
        var name = await FilterCollectionAsync();
        var filter = Where(Match("city", "London"), Range("n", gte: 2));
        var before = await SelectedAsync(name, filter);

        await Store.CreatePayloadIndexAsync(name, "city", PayloadFieldType.Keyword);

        await AssertSelectsAsync(name, filter, before);
        var hits = await Store.QueryAsync(name, new VectorQuery([1, 0]) { Filter = filter });
        Assert.Equal([4UL], hits.Select(h => h.Id.Number));
    }

    [ContractFact]
    public async Task Filters_parsed_from_qdrant_json_select_the_same_points()
    {
        var name = await FilterCollectionAsync();
        var parsed = FilterJson.Parse("""
            {"must":[{"key":"city","match":{"value":"London"}}],"must_not":{"has_id":[1]}}
            """);

        await AssertSelectsAsync(name, parsed, 4UL);
    }

    private async Task<string> FilterCollectionAsync()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        await Store.UpsertAsync(name, [.. FilterPayloads.Select((p, i) => new VectorPoint((ulong)i + 1, [1, i], Json(p)))]);
        return name;
    }

    private async Task AssertSelectsAsync(string name, Filter filter, params ulong[] expected) =>
        Assert.Equal(expected, await SelectedAsync(name, filter));

    /// <summary>Selected ids by scroll, checked against count so both paths agree.</summary>
    private async Task<ulong[]> SelectedAsync(string name, Filter filter)
    {
        var page = await Store.ScrollAsync(name, new ScrollRequest { Filter = filter, Limit = 100, WithPayload = false });
        Assert.Equal(page.Points.Count, await Store.CountAsync(name, filter));
        return [.. page.Points.Select(p => p.Id.Number)];
    }
}
