using System.Collections.Concurrent;
using Pulse.Testing.OpenApi;

namespace Pulse.Testing.Http;

/// <summary>
/// A <see cref="LoopbackHttpServer"/> standing in for a real service, held to that service's published specification:
/// the requests it receives and the JSON answers its handler gives are both checked, so neither the client
/// under test nor the test double can drift from the protocol unnoticed.
/// </summary>
public sealed class SpecCheckedServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _responseViolations = new();

    private SpecCheckedServer(OpenApiSpec spec, bool strictRequests)
    {
        Spec = spec;
        StrictRequests = strictRequests;
    }

    /// <summary>The specification traffic is checked against.</summary>
    public OpenApiSpec Spec { get; }

    /// <summary>Whether request bodies are checked strictly: a property no applicable schema declares is a violation.</summary>
    public bool StrictRequests { get; }

    /// <summary>The underlying server.</summary>
    public LoopbackHttpServer Server { get; private set; } = null!;

    /// <summary>The server's root address.</summary>
    public Uri BaseAddress => Server.BaseAddress;

    /// <summary>The requests received so far.</summary>
    public IReadOnlyList<RecordedRequest> Requests => Server.Requests;

    /// <summary>Starts a server answering with <paramref name="handler"/> and checking traffic against <paramref name="spec"/>.</summary>
    /// <param name="spec">The specification both directions are held to.</param>
    /// <param name="handler">The test double's answers.</param>
    /// <param name="strictRequests">Reject request body properties the spec does not declare, so a misspelled key the
    /// client sends is caught; responses stay lenient (servers may add fields).</param>
    /// <param name="cancellationToken">Cancels starting the server.</param>
    public static async Task<SpecCheckedServer> StartAsync(
        OpenApiSpec spec, Func<RecordedRequest, Task<LoopbackResponse>> handler, bool strictRequests = false, CancellationToken cancellationToken = default)
    {
        var checkedServer = new SpecCheckedServer(spec, strictRequests);
        checkedServer.Server = await LoopbackHttpServer.StartAsync(
            async request => checkedServer.Check(request, await handler(request)), cancellationToken);
        return checkedServer;
    }

    /// <summary>Every violation so far: requests first, then the handler's responses.</summary>
    public IReadOnlyList<string> Violations() =>
        [.. SpecAssert.RequestViolations(Spec, Requests, StrictRequests), .. _responseViolations];

    /// <summary>Throws a <see cref="SpecViolationException"/> listing every violation, if there are any.</summary>
    public void AssertTrafficMatchesSpec()
    {
        var violations = Violations();
        if (violations.Count > 0)
        {
            throw new SpecViolationException(SpecAssert.Describe(Spec), violations);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server?.DisposeAsync() ?? ValueTask.CompletedTask;

    private LoopbackResponse Check(RecordedRequest request, LoopbackResponse response)
    {
        // Dropped connections and non-JSON answers (plain-text errors) carry no document to check.
        if (!response.DropConnection && response.IsJson)
        {
            foreach (var violation in Spec.ValidateResponse(request.Method, request.PathAndQuery, response.StatusCode, response.Body))
            {
                _responseViolations.Enqueue($"response {response.StatusCode} to {request.Method} {request.PathAndQuery}: {violation}");
            }
        }

        return response;
    }
}
