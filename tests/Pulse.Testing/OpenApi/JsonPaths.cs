using System.Text.RegularExpressions;

namespace Pulse.Testing.OpenApi;

/// <summary>Builds the JSON paths that violations report (<c>$.points[0].vector</c>).</summary>
internal static partial class JsonPaths
{
    public static string Child(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}['{name.Replace("'", "\\'")}']";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PlainName();
}
