using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pulse.Core.VectorStore.Qdrant;

/// <summary>Turns Qdrant's error bodies and transport failures into <see cref="VectorStoreException"/>s.</summary>
internal static class QdrantErrors
{
    public static VectorStoreException FromResponse(HttpMethod method, string path, HttpStatusCode status, string body)
    {
        var detail = ErrorText(body);
        var kind = (int)status switch
        {
            404 => VectorStoreErrorKind.NotFound,
            409 => VectorStoreErrorKind.Conflict,
            400 or 422 when detail.Contains("already exists", StringComparison.OrdinalIgnoreCase) => VectorStoreErrorKind.Conflict,
            400 or 422 => VectorStoreErrorKind.Validation,
            401 or 403 => VectorStoreErrorKind.Unauthorized,
            408 => VectorStoreErrorKind.Timeout,
            429 or 502 or 503 or 504 => VectorStoreErrorKind.Unavailable,
            _ => VectorStoreErrorKind.Internal,
        };
        var transient = kind is VectorStoreErrorKind.Unavailable or VectorStoreErrorKind.Timeout ? " (transient)" : "";
        return new VectorStoreException(kind, $"Qdrant {method} /{path} failed with {(int)status} {status}{transient}: {detail}")
        {
            StatusCode = (int)status,
        };
    }

    /// <summary>The translation of a transport exception, or null for ours and for the caller's own cancellation.</summary>
    public static VectorStoreException? FromTransport(Exception ex, HttpMethod method, Uri server, string path, CancellationToken cancellationToken) => ex switch
    {
        VectorStoreException => null,
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        OperationCanceledException => new VectorStoreException(VectorStoreErrorKind.Timeout,
            $"Qdrant {method} /{path} at {server} timed out (transient).", ex),
        HttpRequestException { InnerException: SocketException socket } => new VectorStoreException(VectorStoreErrorKind.Unavailable,
            $"Qdrant at {server} is unreachable ({socket.SocketErrorCode}) for {method} /{path} (transient).", ex),
        HttpRequestException or IOException => new VectorStoreException(VectorStoreErrorKind.Unavailable,
            $"Qdrant {method} /{path} at {server} failed in transport (transient): {ex.Message}", ex),
        JsonException or NotSupportedException => new VectorStoreException(VectorStoreErrorKind.Internal,
            $"Qdrant {method} /{path}: the request or response could not be (de)serialized: {ex.Message}", ex),
        _ => null,
    };

    private static string ErrorText(string body)
    {
        try
        {
            if (JsonNode.Parse(body)?["status"] is JsonObject status && status["error"]?.GetValue<string>() is { } error)
            {
                return error;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            // Not Qdrant's JSON error shape (a proxy page, plain text): fall back to the raw text.
        }

        return body.Length > 300 ? body[..300] + "..." : body.Length == 0 ? "(empty body)" : body;
    }
}
