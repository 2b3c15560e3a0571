using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Pulse.Core.Providers.Clients;

/// <summary>Turns a provider's error status and body into a categorised, credential-free failure.</summary>
internal static class ProviderErrors
{
    private const int MaxDetailLength = 300;

    public static ProviderException FromStatus(IntegrationSpec spec, ProviderCredential? credential, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        var detail = Detail(body, credential);
        var (category, what) = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                // The body of a 401 may echo part of the key; leave it out entirely.
                (ProviderErrorCategory.Unauthorized, $"refused the credentials (HTTP {status}); check the API key and its access to model '{spec.Model}'"),
            HttpStatusCode.TooManyRequests => (ProviderErrorCategory.RateLimited, $"is rate limiting requests (HTTP 429){detail}"),
            HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout => (ProviderErrorCategory.Timeout, $"timed out (HTTP {status}){detail}"),
            HttpStatusCode.NotFound => (ProviderErrorCategory.Configuration, $"has no such endpoint, model or deployment (HTTP 404); check the base URL, model and deployment{detail}"),
            // TEI answers 424 when inference itself failed: a server-side fault.
            HttpStatusCode.FailedDependency => (ProviderErrorCategory.ServerError, $"failed to run the model (HTTP 424){detail}"),
            _ when status >= 500 => (ProviderErrorCategory.ServerError, $"had a server error (HTTP {status}){detail}"),
            _ => (ProviderErrorCategory.BadRequest, $"refused the request (HTTP {status}){detail}"),
        };

        return new ProviderException(category, $"{ProviderNames.Label(spec.Kind)} integration '{spec.Name}' {what}.")
        {
            IntegrationId = spec.Id,
            StatusCode = status,
            RetryAfter = RetryAfter(response),
        };
    }

    /// <summary>Azure and OpenAI send <c>retry-after-ms</c> beside the coarser standard header; the finer one wins.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (retryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    private static string Detail(string body, ProviderCredential? credential)
    {
        var message = ExtractMessage(body)?.Trim();
        if (string.IsNullOrEmpty(message))
        {
            return string.Empty;
        }

        if (credential is not null)
        {
            message = credential.RedactFrom(message);
        }

        if (message.Length > MaxDetailLength)
        {
            message = message[..MaxDetailLength] + "...";
        }

        return ": " + message;
    }

    // OpenAI: {"error":{"message":...}}; TEI native: {"error":"...","error_type":...};
    // TEI OpenAI route: {"message":...}. Anything else is shown only if it looks like text.
    private static string? ExtractMessage(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var nested) && nested.ValueKind == JsonValueKind.String)
                {
                    return nested.GetString();
                }
            }

            return root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        }
        catch (JsonException)
        {
            return body.TrimStart().StartsWith('<') ? null : body;
        }
    }
}
