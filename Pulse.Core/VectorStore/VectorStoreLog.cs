using Microsoft.Extensions.Logging;

namespace Pulse.Core.VectorStore;

/// <summary>Source-generated log messages of the vector store area (event ids 3100-3199).</summary>
internal static partial class VectorStoreLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Vector store: Qdrant at {Url} (API key {ApiKeyState})")]
    public static partial void UsingQdrant(ILogger logger, string url, string apiKeyState);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Vector store: embedded at {Path} (no Qdrant URL configured)")]
    public static partial void UsingEmbedded(ILogger logger, string path);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Qdrant {Method} {Path} failed transiently ({Error}); retry {Attempt} in {DelayMs} ms")]
    public static partial void QdrantRetrying(ILogger logger, string method, string path, string error, int attempt, double delayMs);

    [LoggerMessage(EventId = 3111, Level = LogLevel.Warning, Message = "Qdrant {Method} {Path} failed: {Kind} {Error}")]
    public static partial void QdrantFailed(ILogger logger, string method, string path, VectorStoreErrorKind kind, string error);
}
