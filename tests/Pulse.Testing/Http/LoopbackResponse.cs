using System.Text.Json;

namespace Pulse.Testing.Http;

/// <summary>
/// What a <see cref="LoopbackHttpServer"/> answers: a status, headers and a body, optionally after a delay
/// (to trip client timeouts), or no answer at all with the connection dropped (a server that died mid-request).
/// </summary>
public sealed record LoopbackResponse
{
    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>The body text, or null for none.</summary>
    public string? Body { get; init; }

    /// <summary>The Content-Type sent with a body.</summary>
    public string ContentType { get; init; } = "text/plain; charset=utf-8";

    /// <summary>Extra response headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How long to wait before answering.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Abort the connection instead of answering.</summary>
    public bool DropConnection { get; init; }

    /// <summary>Whether the body is JSON, judged by the content type.</summary>
    public bool IsJson => ContentType.Contains("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>A JSON response from JSON text.</summary>
    public static LoopbackResponse Json(string json, int statusCode = 200) =>
        new() { StatusCode = statusCode, Body = json, ContentType = "application/json" };

    /// <summary>A JSON response serialising <paramref name="value"/> with web defaults (camelCase).</summary>
    public static LoopbackResponse JsonOf<T>(T value, int statusCode = 200) =>
        Json(JsonSerializer.Serialize(value, JsonSerializerOptions.Web), statusCode);

    /// <summary>A plain-text response.</summary>
    public static LoopbackResponse Text(string text, int statusCode = 200) =>
        new() { StatusCode = statusCode, Body = text };

    /// <summary>A response with a status and no body.</summary>
    public static LoopbackResponse Status(int statusCode) => new() { StatusCode = statusCode };

    /// <summary>No response: the connection is aborted once the request is read.</summary>
    public static LoopbackResponse Drop() => new() { DropConnection = true };

    /// <summary>This response, sent after <paramref name="delay"/>.</summary>
    public LoopbackResponse After(TimeSpan delay) => this with { Delay = delay };
}
