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
