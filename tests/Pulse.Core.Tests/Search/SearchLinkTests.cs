using Pulse.Core.Search;

namespace Pulse.Core.Tests.Search;

/// <summary>Share links restore every parameter; snippets highlight the query's words as text.</summary>
public sealed class SearchLinkTests
{
    [Fact]
    public void A_share_link_restores_every_parameter_including_awkward_characters()
    {
        var request = new SearchRequest
        {
            Query = "baptism & salvation = \"doctrine\" <script>alert(1)</script> é+ü",
            Collection = "client_7_content",
            Limit = 25,
            Offset = 50,
            ScoreThreshold = 0.125f,
            Exact = true,
            HnswEf = 128,
            FilterJson = """{"must":[{"key":"content_type","match":{"value":"Doctrine"}}]}""",
            IntegrationId = -1,
            CreatedWithinDays = 90,
            ContentType = "Pull request",
            Scope = new HierarchyScope("religion_hierarchy", "Christianity", "Protestant-Baptist"),
        };

        var link = SearchLink.ToQueryString(request);

        Assert.Equal(request, SearchLink.FromQueryString("?" + link));
        Assert.Equal(request, SearchLink.FromJson(SearchLink.ToJson(request)));
        Assert.DoesNotContain(" ", link);
        Assert.DoesNotContain("<", link);
    }

    [Fact]
    public void Defaults_are_left_out_of_a_link_and_unreadable_values_fall_back_to_them()
    {
        var request = new SearchRequest { Query = "q", Collection = "client_1_content" };

        Assert.Equal("q=q&collection=client_1_content", SearchLink.ToQueryString(request));
        Assert.Equal(request, SearchLink.FromQueryString("q=q&collection=client_1_content&limit=many&exact=maybe&threshold=high"));
    }

    [Fact]
    public void A_share_link_of_a_comparison_restores_compare_mode_and_its_second_side()
    {
        var request = new SearchRequest { Query = "baptism & grace", Collection = "client_7_content", Limit = 5, IntegrationId = 3 };
        var other = new CompareTarget("client_7_content_metadata", -1);

        var link = SearchLink.ToQueryString(request, other);
        var restored = SearchLink.ReadQueryString("?" + link);
        var remembered = SearchLink.ReadJson(SearchLink.ToJson(request, other));

        Assert.Equal("q=baptism%20%26%20grace&collection=client_7_content&limit=5&integration=3&compare=true&compare_collection=client_7_content_metadata&compare_integration=-1", link);
        Assert.Equal(request, restored.Request);
        Assert.Equal(other, restored.Compare);
        Assert.Empty(restored.Notes);
        Assert.Equal(restored, remembered with { Notes = restored.Notes });
        Assert.Equal(request with { Collection = "client_7_content_metadata", IntegrationId = -1 }, restored.Compare!.Apply(restored.Request));
        // Compare mode with both sides alike (a latency check) travels as the flag alone.
        Assert.Equal(new CompareTarget(), SearchLink.ReadQueryString(SearchLink.ToQueryString(request, new CompareTarget())).Compare);
        Assert.Equal(new CompareTarget(null, 9), CompareTarget.Between(request, request with { IntegrationId = 9 }));
    }

    [Fact]
    public void A_link_made_before_compare_mode_travelled_restores_a_plain_search()
    {
        var restored = SearchLink.ReadQueryString("?q=baptism&collection=client_1_content&limit=20");

        Assert.Equal(new SearchRequest { Query = "baptism", Collection = "client_1_content", Limit = 20 }, restored.Request);
        Assert.Null(restored.Compare);
        Assert.False(restored.IsComparison);
        Assert.Empty(restored.Notes);
    }

    [Fact]
    public void Malformed_compare_values_are_ignored_and_named_in_notes_instead_of_throwing()
    {
        var badIntegration = SearchLink.ReadQueryString("q=baptism&collection=client_1_content&compare=true&compare_collection=client_1_other&compare_integration=abc");
        var badCollection = SearchLink.ReadQueryString("q=baptism&collection=client_1_content&compare_collection=" + Uri.EscapeDataString("no spaces/allowed"));
        var badFlag = SearchLink.ReadQueryString("q=baptism&collection=client_1_content&compare=perhaps");

        Assert.Equal(new CompareTarget("client_1_other", null), badIntegration.Compare);
        Assert.Equal(["The link's compare integration 'abc' is not an integration id; it was ignored."], badIntegration.Notes);
        Assert.Null(badCollection.Compare);
        Assert.StartsWith("The link's compare collection 'no spaces/allowed' was ignored: ", Assert.Single(badCollection.Notes));
        Assert.Null(badFlag.Compare);
        Assert.Equal(["The link's compare setting 'perhaps' is not true or false; it was ignored."], badFlag.Notes);
        Assert.Equal("baptism", badFlag.Request.Query);
    }

    [Fact]
    public void Snippets_mark_words_that_start_with_a_query_word_and_keep_markup_as_text()
    {
        var segments = SnippetHighlighter.Highlight("Baptism follows faith; baptisms are <b>public</b>.", "baptism <b>");

        // "b" is too short to mark, so the markup stays one plain run of text
        Assert.Equal([new("Baptism", true), new(" follows faith; ", false), new("baptisms", true), new(" are <b>public</b>.", false)], segments);
        Assert.Equal("Baptism follows faith; baptisms are <b>public</b>.", string.Concat(segments.Select(s => s.Text)));
    }

    [Fact]
    public void A_long_snippet_is_cut_around_the_first_match()
    {
        var text = string.Join(' ', Enumerable.Repeat("filler", 80)) + " the needle is here " + string.Join(' ', Enumerable.Repeat("tail", 80));

        var segments = SnippetHighlighter.Highlight(text, "needle");
        var shown = string.Concat(segments.Select(s => s.Text));

        Assert.StartsWith("… ", shown);
        Assert.EndsWith(" …", shown);
        Assert.Contains(segments, s => s is { Text: "needle", Matched: true });
        Assert.True(shown.Length <= SnippetHighlighter.MaxLength + 4);
    }
}
