using Pulse.Core.Providers;
using Pulse.Core.Providers.Resilience;

namespace Pulse.Core.Integrations;

/// <summary>One integration as the Integrations page lists it. Holds whether a key is set, never the key.</summary>
public sealed record IntegrationSummary
{
    /// <summary>Its id.</summary>
    public required int Id { get; init; }

    /// <summary>Its name.</summary>
    public required string Name { get; init; }

    /// <summary>Its provider type.</summary>
    public required ProviderKind Kind { get; init; }

    /// <summary>Embedding or LLM.</summary>
    public required ProviderSubtype Subtype { get; init; }

    /// <summary>The service URL.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The model.</summary>
    public required string Model { get; init; }

    /// <summary>The vector length (embeddings).</summary>
    public int? Dimension { get; init; }

    /// <summary>Enabled.</summary>
    public bool Active { get; init; }

    /// <summary>True when an encrypted key is stored.</summary>
    public bool CredentialSet { get; init; }

    /// <summary>
    /// True when a key is stored but this portal's Data Protection key ring cannot decrypt it (the ring was lost or
    /// replaced): calls go out without it until the key is entered again.
    /// </summary>
    public bool CredentialUnreadable { get; init; }

    /// <summary>True when it is the tenant's default for its subtype.</summary>
    public bool IsDefault { get; init; }

    /// <summary>True when the deployment manages it (<c>Pulse:Providers:EmbeddingServerUrl</c>).</summary>
    public bool IsManaged { get; init; }

    /// <summary>Names of the integrations that fall back to it.</summary>
    public IReadOnlyList<string> UsedAsFallbackBy { get; init; } = [];

    /// <summary>It, then its fallbacks in order.</summary>
    public IReadOnlyList<ChainLink> Chain { get; init; } = [];

    /// <summary>What is wrong with the chain, if anything.</summary>
    public string? ChainProblem { get; init; }

    /// <summary>Its circuit breaker in this process.</summary>
    public CircuitState Breaker { get; init; }

    /// <summary>Calls, success rate, p95 latency and the last error over the last 24 hours.</summary>
    public IntegrationHealth Health { get; init; } = IntegrationHealth.None;

    /// <summary>The edit form's values (no key).</summary>
    public required IntegrationInput Input { get; init; }

    /// <summary>Last change.</summary>
    public DateTimeOffset LastUpdatedAt { get; init; }
}
