namespace Pulse.Core.Providers.Clients;

/// <summary>Builds the request URL of each protocol from an integration's base URL.</summary>
internal static class ProviderEndpoints
{
    /// <summary>The GA api-version that has both embeddings and chat completions.</summary>
    public const string DefaultAzureApiVersion = "2024-10-21";

    private const string OpenAiDefaultBase = "https://api.openai.com";

    public static Uri Embeddings(IntegrationSpec spec) => spec.Kind switch
    {
        ProviderKind.AzureOpenAI => Azure(spec, "embeddings"),
        ProviderKind.SentenceTransformers when !spec.UseOpenAiCompatibleRoute => Build(RequireBase(spec), "embed"),
        _ => OpenAiStyle(spec, "embeddings"),
    };

    public static Uri ChatCompletions(IntegrationSpec spec) => spec.Kind == ProviderKind.AzureOpenAI
        ? Azure(spec, "chat/completions")
        : OpenAiStyle(spec, "chat/completions");

    // Users paste base URLs with and without the version segment; accept both rather than
    // sending ".../v1/v1/embeddings".
    private static Uri OpenAiStyle(IntegrationSpec spec, string path)
    {
        var root = RequireBase(spec);
        return root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase)
            ? Build(root, path)
            : Build(root, "v1/" + path);
    }

    private static Uri Azure(IntegrationSpec spec, string path)
    {
        var root = RequireBase(spec);
        if (root.EndsWith("/openai", StringComparison.OrdinalIgnoreCase))
        {
            root = root[..^"/openai".Length];
        }

        if (string.IsNullOrWhiteSpace(spec.AzureDeployment))
        {
            throw Misconfigured(spec, "has no Azure deployment name");
        }

        var version = string.IsNullOrWhiteSpace(spec.AzureApiVersion) ? DefaultAzureApiVersion : spec.AzureApiVersion.Trim();
        var deployment = Uri.EscapeDataString(spec.AzureDeployment.Trim());
        return Build(root, $"openai/deployments/{deployment}/{path}?api-version={Uri.EscapeDataString(version)}");
    }

    private static string RequireBase(IntegrationSpec spec)
    {
        var baseUrl = string.IsNullOrWhiteSpace(spec.BaseUrl) && spec.Kind == ProviderKind.OpenAI
            ? OpenAiDefaultBase
            : spec.BaseUrl?.Trim();
        if (string.IsNullOrWhiteSpace(baseUrl)
            || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var parsed)
            || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            throw Misconfigured(spec, "has no valid http(s) base URL");
        }

        return baseUrl.TrimEnd('/');
    }

    private static Uri Build(string root, string relative) => new($"{root}/{relative}", UriKind.Absolute);

    internal static ProviderException Misconfigured(IntegrationSpec spec, string what) =>
        new(ProviderErrorCategory.Configuration, $"Integration '{spec.Name}' {what}.") { IntegrationId = spec.Id };
}
