using System.Net.Http.Headers;

namespace Pulse.Core.Providers.Clients;

/// <summary>Creates provider requests with the right authentication for each protocol.</summary>
internal static class ProviderRequests
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public static HttpRequestMessage CreatePost(IntegrationSpec spec, ProviderCredential? credential, Uri uri, byte[] jsonBody)
    {
        var content = new ByteArrayContent(jsonBody);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in spec.ExtraHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        ApplyCredential(spec, credential, request);
        return request;
    }

    private static void ApplyCredential(IntegrationSpec spec, ProviderCredential? credential, HttpRequestMessage request)
    {
        switch (spec.Kind)
        {
            case ProviderKind.OpenAI:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Require(spec, credential).Reveal());
                break;
            case ProviderKind.AzureOpenAI:
                request.Headers.TryAddWithoutValidation("api-key", Require(spec, credential).Reveal());
                break;
            case ProviderKind.Gateway when credential is not null && !string.IsNullOrWhiteSpace(spec.CredentialHeaderName):
                request.Headers.Remove(spec.CredentialHeaderName);
                request.Headers.TryAddWithoutValidation(spec.CredentialHeaderName, credential.Reveal());
                break;
            // A TEI server started with --api-key, and most gateways, expect a Bearer token; both may run open.
            case ProviderKind.Gateway or ProviderKind.SentenceTransformers when credential is not null:
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.Reveal());
                break;
        }
    }

    private static ProviderCredential Require(IntegrationSpec spec, ProviderCredential? credential) =>
        credential ?? throw ProviderEndpoints.Misconfigured(spec, "has no API key");
}
