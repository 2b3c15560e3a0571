using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Pulse.Core.VectorStore.Qdrant;

/// <summary>
/// Sends one Qdrant REST call: JSON in, envelope out, with retries for transient failures. Every failure
/// leaves as a <see cref="VectorStoreException"/>; HTTP and socket exceptions never escape.
/// </summary>
internal sealed class QdrantTransport
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new PointIdJsonConverter() },
    };

    private readonly HttpClient _http;
    private readonly string? _apiKey;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;

    public QdrantTransport(HttpClient http, Uri baseUri, VectorStoreOptions options, ILogger logger)
    {
        _http = http;
        BaseUri = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/");
        _apiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? null : options.ApiKey;
        _logger = logger;
        _pipeline = BuildPipeline(options);
    }

    public Uri BaseUri { get; }

    /// <summary>Sends the call and returns the envelope's <c>result</c>.</summary>
    public async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var text = await SendForTextAsync(method, path, body, cancellationToken);
        QdrantEnvelope<T>? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<QdrantEnvelope<T>>(text, Json);
        }
        catch (JsonException ex)
        {
            throw new VectorStoreException(VectorStoreErrorKind.Internal, $"Qdrant {method} /{Trim(path)} answered with an unexpected body: {ex.Message}", ex);
        }

        return envelope is { Result: { } result }
            ? result
            : throw new VectorStoreException(VectorStoreErrorKind.Internal, $"Qdrant {method} /{Trim(path)} answered without a result.");
    }

    /// <summary>Sends the call (with retries) and returns the successful body as text.</summary>
    public async Task<string> SendForTextAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, $"{method} /{Trim(path)}");
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => state.self.SendOnceAsync(state.method, state.path, state.body, ctx.CancellationToken),
                context,
                (self: this, method, path, body));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Sends a bodiless call and returns the successful response body as a stream (a snapshot download). Not retried:
    /// a download that fails halfway is the caller's to restart. The stream owns the response.
    /// </summary>
    public async Task<Stream> OpenStreamAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, path));
        if (_apiKey is not null)
        {
            request.Headers.Add("api-key", _apiKey);
        }

        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                var error = QdrantErrors.FromResponse(method, Trim(path), response.StatusCode, text);
                VectorStoreLog.QdrantFailed(_logger, method.Method, Trim(path), error.Kind, error.Message);
                throw error;
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var owned = new ResponseStream(stream, response);
            response = null;
            return owned;
        }
        catch (Exception ex) when (QdrantErrors.FromTransport(ex, method, BaseUri, Trim(path), cancellationToken) is { } error)
        {
            throw error;
        }
        finally
        {
            response?.Dispose();
        }
    }

    private static readonly ResiliencePropertyKey<string> CallKey = new("qdrant-call");

    private async ValueTask<string> SendOnceAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUri, path));
        if (_apiKey is not null)
        {
            request.Headers.Add("api-key", _apiKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return text;
            }

            var error = QdrantErrors.FromResponse(method, Trim(path), response.StatusCode, text);
            VectorStoreLog.QdrantFailed(_logger, method.Method, Trim(path), error.Kind, error.Message);
            throw error;
        }
        catch (Exception ex) when (QdrantErrors.FromTransport(ex, method, BaseUri, Trim(path), cancellationToken) is { } error)
        {
            throw error;
        }
    }

    private ResiliencePipeline BuildPipeline(VectorStoreOptions options)
    {
        if (options.RetryCount < 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<VectorStoreException>(e => e.IsTransient),
                MaxRetryAttempts = options.RetryCount,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelayMilliseconds)),
                OnRetry = args =>
                {
                    var call = args.Context.Properties.GetValue(CallKey, "?").Split(' ', 2);
                    VectorStoreLog.QdrantRetrying(_logger, call[0], call[^1], args.Outcome.Exception?.Message ?? "?",
                        args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            })
            .Build();
    }

    private static string Trim(string path) => path.Split('?')[0];
}
