using System.Text;

namespace Pulse.Core.Providers;

/// <summary>
/// Everything a provider client needs to know about one AI integration, independent of how it
/// is stored. The credential is deliberately not here: it travels beside the spec, per call,
/// in a <see cref="ProviderCredential"/>, so a spec can be cached, logged and shown safely.
/// </summary>
public sealed record IntegrationSpec
{
    /// <summary>The integration's id (<c>integrations.id</c>); also keys its circuit breaker.</summary>
    public required int Id { get; init; }

    /// <summary>The name the tenant gave it.</summary>
    public required string Name { get; init; }

    /// <summary>Which protocol it speaks.</summary>
    public required ProviderKind Kind { get; init; }

    /// <summary>Embedding or chat.</summary>
    public ProviderSubtype Subtype { get; init; } = ProviderSubtype.Embedding;

    /// <summary>
    /// Root of the service: <c>https://api.openai.com</c>, the Azure resource endpoint, the TEI
    /// server or the gateway. A trailing <c>/v1</c> is accepted and not doubled.
    /// </summary>
    public string? BaseUrl { get; init; }

    /// <summary>
    /// The model id sent to the provider. For Azure OpenAI, the model the deployment runs
    /// (the URL carries <see cref="AzureDeployment"/>).
    /// </summary>
    public required string Model { get; init; }

    /// <summary>Expected vector length; every returned vector is checked against it.</summary>
    public int? Dimension { get; init; }

    /// <summary>When true, ask the provider for <see cref="Dimension"/> (text-embedding-3 models support shortening).</summary>
    public bool SendDimensions { get; init; }

    /// <summary>Azure OpenAI deployment name.</summary>
    public string? AzureDeployment { get; init; }

    /// <summary>Azure OpenAI <c>api-version</c> query value.</summary>
    public string? AzureApiVersion { get; init; }

    /// <summary>
    /// The base model that prices the calls and names them in usage rows. Azure answers with
    /// the base model name only (never the deployment), so this is how a deployment is priced.
    /// </summary>
    public string? PricingModel { get; init; }

    /// <summary>Non-secret headers added to every request (gateways that route on a header).</summary>
    public IReadOnlyDictionary<string, string> ExtraHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For gateways: the header that carries the credential raw (e.g. <c>X-Api-Key</c>); when
    /// null the credential goes as <c>Authorization: Bearer</c>. Secrets never go in
    /// <see cref="ExtraHeaders"/>, which are shown back to users.
    /// </summary>
    public string? CredentialHeaderName { get; init; }

    /// <summary>For Sentence Transformers: use TEI's OpenAI-compatible <c>/v1/embeddings</c> route instead of <c>/embed</c>.</summary>
    public bool UseOpenAiCompatibleRoute { get; init; }

    /// <summary>Timeouts, batch size, retries, request rate.</summary>
    public PerformanceConfig Performance { get; init; } = PerformanceConfig.Default;

    /// <summary>Prices per 1K tokens.</summary>
    public CostConfig Cost { get; init; } = CostConfig.Free;

    /// <summary>The next integration to try when this one fails; null ends the chain.</summary>
    public int? FallbackIntegrationId { get; init; }

    /// <summary>
    /// Changes whenever the stored integration is edited (the database resolver sets it from
    /// <c>integrations.last_updated_at</c>): anything cached from the integration's answers is keyed on it, so an
    /// integration edited in place (another Azure deployment behind the same id) never serves the old answers.
    /// </summary>
    public string? ConfigurationStamp { get; init; }

    /// <summary>The model name usage rows carry: the pricing model when set, else the model.</summary>
    public string UsageModelName => string.IsNullOrWhiteSpace(PricingModel) ? Model : PricingModel!;

    /// <summary>
    /// True when vectors from both integrations are comparable (same model and dimension), the
    /// only case in which one may stand in for the other as an embedding fallback.
    /// </summary>
    public bool SharesModelSpaceWith(IntegrationSpec other) =>
        string.Equals(UsageModelName, other.UsageModelName, StringComparison.OrdinalIgnoreCase)
        && Dimension == other.Dimension;

    /// <summary>Header names only: values may be routing tokens that users should not see in logs.</summary>
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Id = {Id}, Name = {Name}, Kind = {Kind}, Subtype = {Subtype}, BaseUrl = {BaseUrl}, ");
        builder.Append($"Model = {Model}, Dimension = {Dimension}, AzureDeployment = {AzureDeployment}, ");
        builder.Append($"PricingModel = {PricingModel}, ExtraHeaders = [{string.Join(", ", ExtraHeaders.Keys)}], ");
        builder.Append($"Performance = {Performance}, Cost = {Cost}, FallbackIntegrationId = {FallbackIntegrationId}");
        return true;
    }
}
