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

        // Escaped literals only, matched by the linear-time engine: no input can make it backtrack, so it needs no
        // match timeout (a wall-clock timeout fired on a starved CPU and broke the page under load).
        var pattern = new Regex(@"\b(?:" + string.Join('|', terms.Select(Regex.Escape)) + @")\w*",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        var first = pattern.Match(text);
        var start = first.Success && first.Index > MaxLength / 2 ? text.LastIndexOf(' ', first.Index - MaxLength / 4) + 1 : 0;
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
        return rest.Length <= MaxLength ? prefix + rest : prefix + rest[..MaxLength].TrimEnd() + " …";
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
