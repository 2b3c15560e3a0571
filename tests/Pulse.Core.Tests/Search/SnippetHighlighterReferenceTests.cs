using System.Text.RegularExpressions;
using Pulse.Core.Search;

namespace Pulse.Core.Tests.Search;

/// <summary>
/// The highlighter's word scan against its definition, the regex <c>\b(?:term…)\w*</c> (ignoring case), over generated
/// snippets in several scripts with punctuation, digits, underscores and combining marks.
/// </summary>
public sealed class SnippetHighlighterReferenceTests
{
    private static readonly string[] Words =
    [
        "baptism", "Baptisms", "faith", "FAITHFUL", "grace", "graceful", "prayer", "pray", "x_ray", "über", "Übermut", "straße",
        "Москва", "москвич", "Ελλάδα", "ελληνικά", "שלום", "سلام", "東京", "東京都", "café", "cafe\u0301s", "naïve", "2026", "v2", "c3po",
        "a", "I", "ok", "🙂", "e\u0308x", "ǅemal", "Ⅻ", "٣٤", "deja\u0300vu",
    ];

    private static readonly string[] Separators = [" ", ", ", ". ", "-", "—", "(", ")", " <b>", "</b> ", "\n", "'", "\"", "/", "_", "…"];

    [Fact]
    public void Matches_the_regex_definition_on_generated_snippets()
    {
        var random = new Random(2026);
        for (var round = 0; round < 3000; round++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => Words[random.Next(Words.Length)] + Separators[random.Next(Separators.Length)]));
            var query = string.Join(' ', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Cut(random, Words[random.Next(Words.Length)])));

            Assert.Equal(Reference(text, query), SnippetHighlighter.Highlight(text, query));
        }
    }

    // A query word is often the start of a stored word.
    private static string Cut(Random random, string word) => random.Next(3) == 0 && word.Length > 2 ? word[..random.Next(2, word.Length)] : word;

    /// <summary>The highlighter as first written, with a regex built for the query.</summary>
    private static List<SnippetSegment> Reference(string text, string query)
    {
        var terms = SnippetHighlighter.Terms(query);
        if (terms.Count == 0) return [new SnippetSegment(Cut(text, 0), false)];
        var pattern = new Regex(@"\b(?:" + string.Join('|', terms.Select(Regex.Escape)) + @")\w*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var first = pattern.Match(text);
        var start = first.Success && first.Index > SnippetHighlighter.MaxLength / 2 ? text.LastIndexOf(' ', first.Index - SnippetHighlighter.MaxLength / 4) + 1 : 0;
        var window = Cut(text, start);
        var segments = new List<SnippetSegment>();
        var position = 0;
        foreach (Match match in pattern.Matches(window))
        {
            if (match.Index > position) segments.Add(new SnippetSegment(window[position..match.Index], false));
            segments.Add(new SnippetSegment(match.Value, true));
            position = match.Index + match.Length;
        }

        if (position < window.Length) segments.Add(new SnippetSegment(window[position..], false));
        return segments;
    }

    private static string Cut(string text, int start)
    {
        var prefix = start > 0 ? "… " : "";
        var rest = text[start..];
        return rest.Length <= SnippetHighlighter.MaxLength ? prefix + rest : prefix + rest[..SnippetHighlighter.MaxLength].TrimEnd() + " …";
    }
}
