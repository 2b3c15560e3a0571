namespace Pulse.Testing.OpenApi;

/// <summary>One path template of a specification, split into segments for matching request paths.</summary>
internal sealed class PathTemplate(string template)
{
    private readonly string[] _segments = Split(template);

    public string Template { get; } = template;

    /// <summary>Literal segments count for more, so <c>/points/count</c> wins over <c>/points/{id}</c>.</summary>
    public int Specificity => _segments.Count(s => !IsParameter(s));

    public Dictionary<string, string>? Match(string path)
    {
        var actual = Split(path);
        if (actual.Length != _segments.Length)
        {
            return null;
        }

        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < actual.Length; i++)
        {
            var value = Uri.UnescapeDataString(actual[i]);
            if (IsParameter(_segments[i]) && value.Length > 0)
            {
                parameters[_segments[i][1..^1]] = value;
            }
            else if (!string.Equals(_segments[i], value, StringComparison.Ordinal))
            {
                return null;
            }
        }

        return parameters;
    }

    public static (string Path, Dictionary<string, IReadOnlyList<string>> Query) SplitQuery(string pathAndQuery)
    {
        var question = pathAndQuery.IndexOf('?');
        var path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        var query = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var queryText = question < 0 ? "" : pathAndQuery[(question + 1)..];
        foreach (var pair in queryText.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            var name = Unescape(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Unescape(pair[(equals + 1)..]);
            if (!query.TryGetValue(name, out var values))
            {
                query[name] = values = [];
            }

            values.Add(value);
        }

        return (path, query.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value, StringComparer.Ordinal));
    }

    private static string Unescape(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    private static string[] Split(string path) => path.Trim('/').Split('/');
}
