using Pulse.Testing.OpenApi;

namespace Pulse.Testing.Http;

/// <summary>Assertions that recorded HTTP traffic is what a published specification describes.</summary>
public static class SpecAssert
{
    /// <summary>Lists how each request departs from <paramref name="spec"/>, one line per violation, prefixed with the request line.</summary>
    /// <param name="spec">The specification.</param>
    /// <param name="requests">The requests to check.</param>
    /// <param name="strict">Also report body properties that no applicable schema declares (see <see cref="OpenApiSpec.ValidateRequest"/>).</param>
    public static IReadOnlyList<string> RequestViolations(OpenApiSpec spec, IEnumerable<RecordedRequest> requests, bool strict = false) =>
        [.. requests.SelectMany(r => spec.ValidateRequest(r.Method, r.PathAndQuery, r.Body, strict)
            .Select(v => $"{r.Method} {r.PathAndQuery}: {v}"))];

    /// <summary>Throws a <see cref="SpecViolationException"/> unless every request matches an operation of <paramref name="spec"/>
    /// with valid parameters and body.</summary>
    public static void RequestsMatch(OpenApiSpec spec, IEnumerable<RecordedRequest> requests)
    {
        var violations = RequestViolations(spec, requests);
        if (violations.Count > 0)
        {
            throw new SpecViolationException(Describe(spec), violations);
        }
    }

    /// <summary>Throws a <see cref="SpecViolationException"/> unless every request <paramref name="server"/> received matches <paramref name="spec"/>.</summary>
    public static void AllRequestsMatch(this LoopbackHttpServer server, OpenApiSpec spec) => RequestsMatch(spec, server.Requests);

    internal static string Describe(OpenApiSpec spec) =>
        spec.Document.TryGetProperty("info", out var info) && info.TryGetProperty("title", out var title)
            ? $"the {title.GetString()} specification"
            : "the specification";
}
