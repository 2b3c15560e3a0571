namespace Pulse.Core.Providers;

/// <summary>The portal's "Test connection" button: one real call, no retries, no fallback.</summary>
public interface IProviderConnectionTester
{
    /// <summary>
    /// Embeds (or, for an LLM integration, asks for) a short text with <paramref name="spec"/> as
    /// entered, within its timeout. Never throws for a provider failure: the result says what
    /// went wrong in plain words. Writes no usage row (there may be no tenant yet).
    /// </summary>
    Task<ConnectionTestResult> TestConnectionAsync(IntegrationSpec spec, ProviderCredential? credential, CancellationToken cancellationToken = default);
}
