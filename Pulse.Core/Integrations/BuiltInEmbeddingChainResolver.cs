using Pulse.Core.Providers;
using Pulse.Core.Providers.Local;

namespace Pulse.Core.Integrations;

/// <summary>
/// The chain every tenant has before any integration is stored: the built-in lexical embedder (feature hashing,
/// 384 dimensions, no network) for embeddings, and nothing for text generation. Registered with TryAdd so a
/// database-backed resolver registered earlier wins.
/// </summary>
public sealed class BuiltInEmbeddingChainResolver : IIntegrationChainResolver
{
    /// <summary>The id the built-in integration uses (never a database id, which are positive).</summary>
    public const int BuiltInId = -1;

    /// <summary>The built-in integration's spec.</summary>
    public static readonly IntegrationSpec BuiltIn = LocalHashingEmbedder.CreateSpec(LocalHashingEmbedder.DefaultDimension, BuiltInId);

    /// <inheritdoc />
    public Task<IReadOnlyList<ResolvedIntegration>> ResolveAsync(
        int tenantId, ProviderSubtype subtype, int? primaryIntegrationId, CancellationToken cancellationToken)
    {
        IReadOnlyList<ResolvedIntegration> chain =
            subtype == ProviderSubtype.Embedding && primaryIntegrationId is null or BuiltInId ? [new ResolvedIntegration(BuiltIn, null)] : [];
        return Task.FromResult(chain);
    }
}
