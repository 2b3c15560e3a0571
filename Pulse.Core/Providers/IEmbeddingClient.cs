namespace Pulse.Core.Providers;

/// <summary>
/// Speaks one embedding provider's protocol for one integration. One call of
/// <see cref="EmbedAsync"/> is one logical attempt: no retries, no fallback (the chain adds
/// those); inputs beyond the integration's batch size are sent as several requests.
/// </summary>
public interface IEmbeddingClient
{
    /// <summary>The integration this client speaks to.</summary>
    IntegrationSpec Spec { get; }

    /// <summary>Embeds <paramref name="inputs"/> in order. Failures are <see cref="ProviderException"/>s.</summary>
    Task<EmbeddingResponse> EmbedAsync(IReadOnlyList<string> inputs, ProviderCredential? credential, CancellationToken cancellationToken);
}
