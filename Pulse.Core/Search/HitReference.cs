using System.Text.Json.Nodes;

namespace Pulse.Core.Search;

/// <summary>
/// The source row a point names in its payload: <c>table_name</c> + <c>record_id</c> (seed 004's indexing
/// payload), or seed 003's <c>content_id</c> for content. Null when the payload names none.
/// </summary>
internal sealed record HitReference(string Table, int RecordId)
{
    public const string Content = "content_metadata";
    public const string WorkItems = "work_items";
    public const string PullRequests = "pull_requests";

    public static HitReference? From(JsonObject? payload)
    {
        if (payload is null) return null;
        if (Text(payload["table_name"]) is { } table && Int(payload["record_id"]) is { } record)
            return new HitReference(table, record);
        return Int(payload["content_id"]) is { } content ? new HitReference(Content, content) : null;
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;

    private static int? Int(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        if (value.TryGetValue<int>(out var i)) return i;
        if (value.TryGetValue<long>(out var l) && l is > 0 and <= int.MaxValue) return (int)l;
        if (value.TryGetValue<double>(out var d) && d is > 0 and <= int.MaxValue && d == Math.Floor(d)) return (int)d;
        return value.TryGetValue<string>(out var s) && int.TryParse(s, out var parsed) ? parsed : null;
    }
}
