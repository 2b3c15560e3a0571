using System.Text.RegularExpressions;
using Pulse.Core.Providers;

namespace Pulse.Core.Integrations;

/// <summary>The field rules of an integration, with messages meant for the person who typed the values.</summary>
public static partial class IntegrationRules
{
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "api-key", "x-api-key", "Cookie", "Ocp-Apim-Subscription-Key",
    };

    /// <summary>Throws <see cref="ValidationFailedException"/> for the first field that breaks a rule.</summary>
    public static void Check(IntegrationInput input)
    {
        var name = input.Name?.Trim() ?? "";
        Require(name.Length is >= 2 and <= 100, "The name must be 2 to 100 characters.", nameof(input.Name));
        Require(Enum.IsDefined(input.Kind), "Choose a provider type.", nameof(input.Kind));
        Require(Enum.IsDefined(input.Subtype), "Choose embedding or LLM.", nameof(input.Subtype));
        Require(input.Subtype == ProviderSubtype.Embedding || input.Kind is not (ProviderKind.LocalHashing or ProviderKind.SentenceTransformers),
            $"{ProviderNames.Label(input.Kind)} only makes embeddings: choose the embedding subtype.", nameof(input.Subtype));
        if (input.Kind != ProviderKind.LocalHashing)
        {
            CheckUrl(input.BaseUrl);
            Require(!string.IsNullOrWhiteSpace(input.Model) && input.Model.Trim().Length <= 200, "Enter the model (up to 200 characters).", nameof(input.Model));
        }

        if (input.Subtype == ProviderSubtype.Embedding)
            Require(input.Dimension is >= 1 and <= 16384, "The dimension must be a whole number from 1 to 16384 (the length of the model's vectors).", nameof(input.Dimension));
        if (input.Kind == ProviderKind.AzureOpenAI)
        {
            Require(!string.IsNullOrWhiteSpace(input.AzureDeployment) && DeploymentPattern().IsMatch(input.AzureDeployment.Trim()),
                "Enter the Azure deployment name (letters, digits, '-', '_' or '.').", nameof(input.AzureDeployment));
            Require(string.IsNullOrWhiteSpace(input.AzureApiVersion) || ApiVersionPattern().IsMatch(input.AzureApiVersion.Trim()),
                "The api-version looks like 2024-10-21 (optionally with -preview).", nameof(input.AzureApiVersion));
        }

        Require(double.IsFinite(input.TimeoutSeconds) && input.TimeoutSeconds > 0 && input.TimeoutSeconds <= 600, "The timeout must be more than 0 and at most 600 seconds.", nameof(input.TimeoutSeconds));
        Require(input.BatchSize is >= 1 and <= 4096, "The batch size must be a positive whole number (at most 4096).", nameof(input.BatchSize));
        Require(input.MaxRetries is >= 0 and <= 10, "Retries must be 0 to 10.", nameof(input.MaxRetries));
        Require(input.RequestsPerMinute is null or >= 1 and <= 1_000_000, "Requests per minute must be a positive whole number, or empty for no limit.", nameof(input.RequestsPerMinute));
        Require(input.PricePer1KInputTokens >= 0 && input.PricePer1KInputTokens <= 1000, "The input price must be 0 or more (per 1,000 tokens, at most 1000).", nameof(input.PricePer1KInputTokens));
        Require(input.PricePer1KOutputTokens >= 0 && input.PricePer1KOutputTokens <= 1000, "The output price must be 0 or more (per 1,000 tokens, at most 1000).", nameof(input.PricePer1KOutputTokens));
        Require(CurrencyPattern().IsMatch(input.Currency?.Trim().ToUpperInvariant() ?? ""), "The currency is a three-letter code such as USD or EUR.", nameof(input.Currency));
        Require(string.IsNullOrWhiteSpace(input.PricingModel) || input.PricingModel.Trim().Length <= 100, "The pricing model is at most 100 characters.", nameof(input.PricingModel));
        CheckHeaders(input);
        if (input.SecretChange == SecretChange.Replace)
            Require(!string.IsNullOrWhiteSpace(input.NewSecret) && input.NewSecret.Trim().Length <= 4096, "Enter the new API key (or keep the stored one).", "Secret");
    }

    private static void CheckUrl(string? value)
    {
        const string field = nameof(IntegrationInput.BaseUrl);
        Require(!string.IsNullOrWhiteSpace(value), "Enter the base URL of the service, such as https://api.openai.com.", field);
        Require(Uri.TryCreate(value!.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Host.Length > 0,
            $"'{value.Trim()}' is not a valid http(s) URL, such as https://api.openai.com.", field);
        Require(string.IsNullOrEmpty(uri!.UserInfo), "Do not put a user name or password in the URL: enter the key in the API key field, where it is encrypted.", field);
        Require(string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment), "The base URL takes no query string or fragment (Azure's api-version has its own field).", field);
    }

    private static void CheckHeaders(IntegrationInput input)
    {
        foreach (var (name, value) in input.ExtraHeaders)
        {
            Require(HeaderNamePattern().IsMatch(name), $"'{name}' is not a valid header name.", nameof(input.ExtraHeaders));
            Require(!SecretHeaders.Contains(name), $"'{name}' carries credentials: put the key in the API key field (encrypted), not in the extra headers (shown back).", nameof(input.ExtraHeaders));
            Require(!value.Contains('\n') && !value.Contains('\r') && value.Length <= 1000, $"The value of '{name}' must be one line of at most 1000 characters.", nameof(input.ExtraHeaders));
        }

        if (!string.IsNullOrWhiteSpace(input.CredentialHeaderName))
            Require(HeaderNamePattern().IsMatch(input.CredentialHeaderName.Trim()), $"'{input.CredentialHeaderName}' is not a valid header name.", nameof(input.CredentialHeaderName));
    }

    /// <summary>Parses "Name: value" lines (the form's extra headers box).</summary>
    public static IReadOnlyDictionary<string, string> ParseHeaderLines(string? text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':');
            Require(colon > 0, $"'{line}' is not a header: write one 'Name: value' per line.", nameof(IntegrationInput.ExtraHeaders));
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return headers;
    }

    public static void Require(bool condition, string message, string field)
    {
        if (!condition) throw new ValidationFailedException(message, field);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex DeploymentPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(-preview)?$")]
    private static partial Regex ApiVersionPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$")]
    private static partial Regex HeaderNamePattern();
}
