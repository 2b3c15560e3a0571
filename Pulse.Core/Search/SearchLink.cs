using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pulse.Core.Search;

/// <summary>
/// A search as URL query parameters (the share link) and back. Defaults are left out, so links stay short;
/// unreadable values fall back to defaults rather than failing, and the search's own validation then speaks.
/// </summary>
public static class SearchLink
{
    /// <summary>The parameters of <paramref name="request"/>, defaults left out, in a stable order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ToParameters(SearchRequest request)
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

        return list;
    }

    /// <summary>The query string (without '?') that restores <paramref name="request"/>.</summary>
    public static string ToQueryString(SearchRequest request)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in ToParameters(request))
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
    public static SearchRequest FromQueryString(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var key = Uri.UnescapeDataString((equals < 0 ? part : part[..equals]).Replace('+', ' '));
            values[key] = equals < 0 ? "" : Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' '));
        }

        return FromParameters(values);
    }

    /// <summary>The parameters as a JSON object (the history's stored form).</summary>
    public static string ToJson(SearchRequest request) =>
        JsonSerializer.Serialize(ToParameters(request).ToDictionary(p => p.Key, p => p.Value));

    /// <summary>Reads <see cref="ToJson"/>'s form back.</summary>
    public static SearchRequest FromJson(string json)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? [];
        return FromParameters(values);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
