using System.Net;

namespace Pulse.Core.Providers.Clients;

/// <summary>
/// Sends one provider request and translates every transport failure into a
/// <see cref="ProviderException"/>: no HttpRequestException leaves Pulse.Core.
/// </summary>
internal static class ProviderHttp
{
    public static async Task<ProviderHttpResponse> SendAsync(
        HttpClient http, HttpRequestMessage request, IntegrationSpec spec, ProviderCredential? credential, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TaskCanceledException ex)
        {
            throw Failure(spec, ProviderErrorCategory.Timeout, "did not answer in time", ex);
        }
        catch (HttpRequestException ex)
        {
            throw Failure(spec, ProviderErrorCategory.NetworkError, $"could not be reached at {request.RequestUri?.Authority} ({Describe(ex)})", ex);
        }

        using (response)
        {
            string body;
            try
            {
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw Failure(spec, ProviderErrorCategory.NetworkError, "dropped the connection while answering", ex);
            }

            if (response.IsSuccessStatusCode)
            {
                return new ProviderHttpResponse(body, response.Headers);
            }

            throw ProviderErrors.FromStatus(spec, credential, response, body);
        }
    }

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "connection refused or failed",
        HttpRequestError.NameResolutionError => "host name not found",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.ResponseEnded => "the connection closed before the answer",
        HttpRequestError.InvalidResponse => "the answer was not valid HTTP",
        _ => ex.HttpRequestError.ToString(),
    };

    public static ProviderException Failure(IntegrationSpec spec, ProviderErrorCategory category, string what, Exception? inner = null) =>
        new(category, $"{ProviderNames.Label(spec.Kind)} integration '{spec.Name}' {what}.", inner) { IntegrationId = spec.Id };

    public static bool IsServerError(HttpStatusCode status) => (int)status >= 500;
}
