using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pulse.Testing.Http;

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 and a free port, for testing HTTP clients over real sockets.
/// Every request is recorded; a pluggable handler decides the answer, which may be delayed or a dropped connection.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private WebApplication? _app;
    private Func<RecordedRequest, Task<LoopbackResponse>> _handler;

    private LoopbackHttpServer(Func<RecordedRequest, Task<LoopbackResponse>> handler)
    {
        _handler = handler;
    }

    /// <summary>The server's root address, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The requests received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>Starts a server that answers with <paramref name="handler"/>.</summary>
    public static async Task<LoopbackHttpServer> StartAsync(
        Func<RecordedRequest, Task<LoopbackResponse>> handler, CancellationToken cancellationToken = default)
    {
        var server = new LoopbackHttpServer(handler);
        await server.StartCoreAsync(cancellationToken);
        return server;
    }

    /// <summary>Starts a server that answers with a synchronous <paramref name="handler"/>.</summary>
    public static Task<LoopbackHttpServer> StartAsync(
        Func<RecordedRequest, LoopbackResponse> handler, CancellationToken cancellationToken = default) =>
        StartAsync(request => Task.FromResult(handler(request)), cancellationToken);

    /// <summary>An address on loopback where nothing listens: connecting to it is refused, like a server that is down.</summary>
    public static Uri UnusedAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }

    /// <summary>Replaces the handler for requests that arrive from now on.</summary>
    public void Respond(Func<RecordedRequest, Task<LoopbackResponse>> handler) => Volatile.Write(ref _handler, handler);

    /// <summary>An HttpClient aimed at <see cref="BaseAddress"/>.</summary>
    public HttpClient CreateClient(TimeSpan? timeout = null) =>
        new() { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    /// <summary>Stops the server, cutting short any delayed answers.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _stopping.Dispose();
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        _app = builder.Build();
        _app.Run(HandleAsync);
        await _app.StartAsync(cancellationToken);

        // Kestrel replaces port 0 with the port it bound once started.
        BaseAddress = new Uri(_app.Urls.First().TrimEnd('/') + "/");
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var request = await RecordAsync(context, linked.Token);
        _requests.Enqueue(request);
        var response = await AnswerAsync(request);
        try
        {
            await Task.Delay(response.Delay, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (a timeout test) or the server is stopping: nobody is left to answer.
            context.Abort();
            return;
        }

        if (response.DropConnection)
        {
            context.Abort();
            return;
        }

        await WriteAsync(context.Response, response, linked.Token);
    }

    private async Task<LoopbackResponse> AnswerAsync(RecordedRequest request)
    {
        try
        {
            return await Volatile.Read(ref _handler)(request);
        }
        catch (Exception e)
        {
            // A failing handler is a broken test; say so in the response rather than hang the client.
            return LoopbackResponse.Text($"loopback handler threw: {e}", 500);
        }
    }

    private static async Task<RecordedRequest> RecordAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        // The raw target keeps the client's own escaping, which is part of what a protocol test checks.
        var pathAndQuery = context.Features.Get<IHttpRequestFeature>()?.RawTarget
            ?? $"{request.PathBase}{request.Path}{request.QueryString}";
        return new RecordedRequest(request.Method, pathAndQuery, headers, body, DateTimeOffset.UtcNow);
    }

    private static async Task WriteAsync(HttpResponse response, LoopbackResponse answer, CancellationToken cancellationToken)
    {
        response.StatusCode = answer.StatusCode;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }

        if (answer.Body is not null)
        {
            response.ContentType = answer.ContentType;
            await response.WriteAsync(answer.Body, cancellationToken);
        }
    }
}
