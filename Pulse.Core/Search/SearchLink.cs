using System.Globalization;
using System.Text;
using System.Text.Json;
using Pulse.Core.VectorStore;

namespace Pulse.Core.Search;

/// <summary>
/// A search as URL query parameters (the share link) and back. Defaults are left out, so links stay short;
/// unreadable values fall back to defaults rather than failing, and the search's own validation then speaks.
/// A comparison adds <c>compare=true</c> and its second side (<c>compare_collection</c>, <c>compare_integration</c>);
/// links without them restore a plain search, as links made before compare mode travelled do.
/// </summary>
public static class SearchLink
{
    private const string CompareKey = "compare";
    private const string CompareCollectionKey = "compare_collection";
    private const string CompareIntegrationKey = "compare_integration";

    /// <summary>The parameters of <paramref name="request"/>, defaults left out, in a stable order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToParameters(SearchRequest request) => ToParameters(request, null);

    /// <summary>The parameters of <paramref name="request"/> and, for a comparison, of its second side.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToParameters(SearchRequest request, CompareTarget? compare)
    {
        ArgumentNullException.ThrowIfNull(request);
        var defaults = new SearchRequest();
        var list = new List<KeyValuePair<string, string>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value)) list.Add(KeyValuePair.Create(key, value));
        }

        Add("q", request.Query);
        Add("collection", request.Collection);
        if (request.Limit != defaults.Limit) Add("limit", Invariant(request.Limit));
        if (request.Offset != 0) Add("offset", Invariant(request.Offset));
        Add("threshold", request.ScoreThreshold is { } t ? t.ToString("R", CultureInfo.InvariantCulture) : null);
        if (request.Exact) Add("exact", "true");
        Add("ef", request.HnswEf is { } ef ? Invariant(ef) : null);
        Add("filter", string.IsNullOrWhiteSpace(request.FilterJson) ? null : request.FilterJson);
        Add("integration", request.IntegrationId is { } id ? Invariant(id) : null);
        Add("days", request.CreatedWithinDays is { } days ? Invariant(days) : null);
        Add("type", request.ContentType);
        if (request.Scope is { } scope)
        {
            Add("scope_table", scope.Table);
            Add("scope_branch", scope.Branch);
            Add("scope_limb", scope.Limb);
        }

        if (compare is not null)
        {
            Add(CompareKey, "true");
            Add(CompareCollectionKey, compare.Collection);
            Add(CompareIntegrationKey, compare.IntegrationId is { } other ? Invariant(other) : null);
        }

        return list;
    }

    /// <summary>The query string (without '?') that restores <paramref name="request"/>.</summary>
    public static string ToQueryString(SearchRequest request) => ToQueryString(request, null);

    /// <summary>The query string (without '?') that restores <paramref name="request"/> and, when given, compare mode against <paramref name="compare"/>.</summary>
    public static string ToQueryString(SearchRequest request, CompareTarget? compare)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in ToParameters(request, compare))
        {
            if (text.Length > 0) text.Append('&');
            text.Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }

    /// <summary>The request these parameters describe (missing or unreadable ones take their defaults).</summary>
    public static SearchRequest FromParameters(IReadOnlyDictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        string? Get(string key) => parameters.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v) ? v : null;
        int? Int(string key) => int.TryParse(Get(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        var defaults = new SearchRequest();
        var scopeTable = Get("scope_table");
        var scopeBranch = Get("scope_branch");
        return new SearchRequest
        {
            Query = Get("q") ?? "",
            Collection = Get("collection") ?? "",
            Limit = Int("limit") ?? defaults.Limit,
            Offset = Int("offset") ?? 0,
            ScoreThreshold = float.TryParse(Get("threshold"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : null,
            Exact = string.Equals(Get("exact"), "true", StringComparison.OrdinalIgnoreCase),
            HnswEf = Int("ef"),
            FilterJson = Get("filter"),
            IntegrationId = Int("integration"),
            CreatedWithinDays = Int("days"),
            ContentType = Get("type"),
            Scope = scopeTable is not null && scopeBranch is not null ? new HierarchyScope(scopeTable, scopeBranch, Get("scope_limb")) : null,
        };
    }

    /// <summary>Reads a query string ("?a=1&amp;b=2" or "a=1&amp;b=2").</summary>
    public static SearchRequest FromQueryString(string query) => FromParameters(ParseQuery(query));

    /// <summary>Reads a query string with compare mode; values that cannot be used are left out and named in <see cref="SharedSearch.Notes"/>.</summary>
    public static SharedSearch ReadQueryString(string query) => Read(ParseQuery(query));

    /// <summary>The search and, when the parameters ask for compare mode, its second side.</summary>
    public static SharedSearch Read(IReadOnlyDictionary<string, string?> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var request = FromParameters(parameters);
        var notes = new List<string>();
        var flag = parameters.GetValueOrDefault(CompareKey);
        var asked = string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase);
        if (!asked && !string.IsNullOrEmpty(flag) && !string.Equals(flag, "false", StringComparison.OrdinalIgnoreCase))
            notes.Add($"The link's compare setting '{Clip(flag)}' is not true or false; it was ignored.");

        string? collection = null;
        if (parameters.GetValueOrDefault(CompareCollectionKey) is { Length: > 0 } name)
        {
            if (CollectionNames.Problem(name) is { } problem)
                notes.Add($"The link's compare collection '{Clip(name)}' was ignored: {problem}");
            else
                (collection, asked) = (name, true);
        }

        int? integration = null;
        if (parameters.GetValueOrDefault(CompareIntegrationKey) is { Length: > 0 } id)
        {
            if (int.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                (integration, asked) = (parsed, true);
            else
                notes.Add($"The link's compare integration '{Clip(id)}' is not an integration id; it was ignored.");
        }

        return new SharedSearch(request, asked ? new CompareTarget(collection, integration) : null, notes);
    }

    private static string Clip(string value) => value.Length <= 60 ? value : value[..60] + "…";

    private static Dictionary<string, string?> ParseQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var key = Uri.UnescapeDataString((equals < 0 ? part : part[..equals]).Replace('+', ' '));
            values[key] = equals < 0 ? "" : Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' '));
        }

        return values;
    }

    /// <summary>The parameters as a JSON object (the history's stored form).</summary>
    public static string ToJson(SearchRequest request) => ToJson(request, null);

    /// <summary>The parameters, with compare mode's second side when given, as a JSON object (the history's stored form).</summary>
    public static string ToJson(SearchRequest request, CompareTarget? compare) =>
        JsonSerializer.Serialize(ToParameters(request, compare).ToDictionary(p => p.Key, p => p.Value));

    /// <summary>Reads <see cref="ToJson(SearchRequest)"/>'s form back.</summary>
    public static SearchRequest FromJson(string json) => FromParameters(ParseJson(json));

    /// <summary>Reads <see cref="ToJson(SearchRequest, CompareTarget?)"/>'s form back, compare mode included.</summary>
    public static SharedSearch ReadJson(string json) => Read(ParseJson(json));

    private static Dictionary<string, string?> ParseJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
