using System.Text;
using System.Text.RegularExpressions;

namespace Pulse.Core.Indexing;

/// <summary>
/// Turns a source row into text: <c>{column}</c> placeholders are replaced by the row's values (missing or null ones by
/// nothing), and lines left empty are dropped, so optional columns do not leave gaps.
/// </summary>
public static partial class TextTemplate
{
    /// <summary>The text of <paramref name="fields"/> under <paramref name="template"/>.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string?> fields)
    {
        var rendered = Placeholder().Replace(template, m =>
            fields.TryGetValue(m.Groups[1].Value, out var value) && value is not null ? value.Trim() : "");
        var lines = rendered.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Trim(' ', '-', ':', '·', '|', '[', ']', '(', ')', ',').Length > 0);
        return string.Join('\n', lines).Trim();
    }

    /// <summary>The placeholders a template uses, for validation messages.</summary>
    public static IReadOnlyList<string> Placeholders(string template) =>
        [.. Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct()];

    /// <summary>A template listing every field as "name: value", for tables without a configured or default template.</summary>
    public static string Generic(IEnumerable<string> columns)
    {
        var builder = new StringBuilder();
        foreach (var column in columns) builder.Append(column).Append(": {").Append(column).Append("}\n");
        return builder.ToString();
    }

    [GeneratedRegex(@"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
