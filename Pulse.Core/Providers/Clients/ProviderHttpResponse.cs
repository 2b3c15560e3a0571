using System.Net.Http.Headers;

namespace Pulse.Core.Providers.Clients;

/// <summary>A successful provider answer, read to the end.</summary>
internal sealed record ProviderHttpResponse(string Body, HttpResponseHeaders Headers)
{
    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
