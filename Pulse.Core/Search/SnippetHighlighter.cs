using System.Globalization;
using System.Text.RegularExpressions;

namespace Pulse.Core.Search;

/// <summary>
/// Finds the query's words in a snippet. The result is plain text segments, so a page renders them as text
/// (a query such as <c>&lt;script&gt;</c> stays text): words of 2+ letters match case-insensitively at the
/// start of a word ("baptism" marks "Baptism" and "baptisms").
/// </summary>
public static partial class SnippetHighlighter
{
    /// <summary>Longest snippet returned; longer text is cut around the first match.</summary>
    public const int MaxLength = 320;

    /// <summary>The query's distinct words (2+ letters or digits), lower-cased, longest first.</summary>
    public static IReadOnlyList<string> Terms(string? query) =>
        string.IsNullOrWhiteSpace(query)
            ? []
            : [.. Word().Matches(query).Select(m => m.Value.ToLowerInvariant()).Where(w => w.Length >= 2).Distinct().OrderByDescending(w => w.Length)];

    /// <summary>Splits <paramref name="text"/> into matched and unmatched runs, cut to <see cref="MaxLength"/> around the first match.</summary>
    public static IReadOnlyList<SnippetSegment> Highlight(string? text, string? query)
    {
        if (string.IsNullOrEmpty(text)) return [];
        var terms = Terms(query);
        if (terms.Count == 0) return [new SnippetSegment(Cut(text, 0), false)];

        // A plain scan over word starts (what the regex \b(?:term1|term2…)\w* matches, case-insensitively): linear in
        // the text, nothing to build per query. Building a regex for every hit of every search cost more than the search.
        var first = NextMatch(text, 0, terms);
        var start = first.Length > 0 && first.Index > MaxLength / 2 ? text.LastIndexOf(' ', first.Index - MaxLength / 4) + 1 : 0;
        var window = Cut(text, start);

        var segments = new List<SnippetSegment>();
        var position = 0;
        for (var match = NextMatch(window, 0, terms); match.Length > 0; match = NextMatch(window, match.Index + match.Length, terms))
        {
            if (match.Index > position) segments.Add(new SnippetSegment(window[position..match.Index], false));
            segments.Add(new SnippetSegment(window.Substring(match.Index, match.Length), true));
            position = match.Index + match.Length;
        }

        if (position < window.Length) segments.Add(new SnippetSegment(window[position..], false));
        return segments;
    }

    /// <summary>
    /// The first word from <paramref name="from"/> on that starts with one of <paramref name="terms"/> (ignoring case):
    /// its start and its length to the end of the word; length 0 when there is none.
    /// </summary>
    private static (int Index, int Length) NextMatch(string text, int from, IReadOnlyList<string> terms)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (!IsWordChar(text[i]) || (i > 0 && IsWordChar(text[i - 1]))) continue;
            foreach (var term in terms)
            {
                if (term.Length > text.Length - i || string.Compare(text, i, term, 0, term.Length, StringComparison.OrdinalIgnoreCase) != 0) continue;
                var end = i + term.Length;
                while (end < text.Length && IsWordChar(text[end])) end++;
                return (i, end - i);
            }
        }

        return (text.Length, 0);
    }

    /// <summary>A character of the regex class \w: letters, decimal digits, non-spacing marks and connector punctuation.</summary>
    internal static bool IsWordChar(char c) => char.GetUnicodeCategory(c) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation => true,
        _ => false,
    };

    private static string Cut(string text, int start)
    {
        var prefix = start > 0 ? "… " : "";
        var rest = text[start..];
        return rest.Length <= MaxLength ? prefix + rest : prefix + rest[..MaxLength].TrimEnd() + " …";
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
