using System.Text.Json;

namespace Pulse.Testing.Http;

/// <summary>A request as a <see cref="LoopbackHttpServer"/> received it.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="PathAndQuery">The raw path and query, such as <c>/collections/docs/points?wait=true</c>.</param>
/// <param name="Headers">Request headers (case-insensitive names; repeated values joined with ", ").</param>
/// <param name="Body">The body as UTF-8 text; empty when there was none.</param>
/// <param name="ReceivedAt">When the server read the request.</param>
public sealed record RecordedRequest(
    string Method,
    string PathAndQuery,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The path without the query string.</summary>
    public string Path => PathAndQuery.Split('?', 2)[0];

    /// <summary>The query string without the leading '?', or empty.</summary>
    public string Query => PathAndQuery.Contains('?') ? PathAndQuery.Split('?', 2)[1] : "";

    /// <summary>One header's value, or null when the request did not carry it.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The body parsed as JSON (a detached copy, safe to keep).</summary>
    public JsonElement JsonBody()
    {
        using var document = JsonDocument.Parse(Body);
        return document.RootElement.Clone();
    }
}
