namespace Pulse.Core.Providers;

/// <summary>
/// One row of AI usage. The chain writes exactly one per integration it considers on a call:
/// a primary that answers gives one success row; a primary that fails and a fallback that
/// answers give a failed row and a success row; an integration skipped by its open breaker
/// gives a failed row (category <see cref="ProviderErrorCategory.CircuitOpen"/>, no tokens).
/// Retries inside one integration stay in its one row (<see cref="Attempts"/>). A call refused
/// by the budget asks no provider and writes no row.
/// </summary>
public sealed record UsageRecord
{
    /// <summary>The tenant billed.</summary>
    public required int TenantId { get; init; }

    /// <summary>The integration this row is about.</summary>
    public required int IntegrationId { get; init; }

    /// <summary>Its name at the time of the call.</summary>
    public required string IntegrationName { get; init; }

    /// <summary>Its provider kind; <see cref="ProviderNames.Provider"/> gives the stored name.</summary>
    public required ProviderKind Provider { get; init; }

    /// <summary>embedding, text_generation or analysis (<see cref="ProviderNames.Operation"/>).</summary>
    public required ProviderOperation Operation { get; init; }

    /// <summary>The model billed (for Azure, the configured base model).</summary>
    public required string Model { get; init; }

    /// <summary>Texts embedded, or messages sent.</summary>
    public int InputCount { get; init; }

    /// <summary>Prompt tokens.</summary>
    public int InputTokens { get; init; }

    /// <summary>Completion tokens (zero for embeddings).</summary>
    public int OutputTokens { get; init; }

    /// <summary>All tokens.</summary>
    public int TotalTokens { get; init; }

    /// <summary>True when the provider reported no usage and the counts are our estimate.</summary>
    public bool TokensEstimated { get; init; }

    /// <summary>From the integration's prices; zero when free or failed, never null.</summary>
    public decimal Cost { get; init; }

    /// <summary>Currency of <see cref="Cost"/>.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Wall time spent on this integration, retries and back-off included.</summary>
    public long LatencyMs { get; init; }

    /// <summary>HTTP attempts made on this integration (0 when its breaker skipped it).</summary>
    public int Attempts { get; init; }

    /// <summary>Success or failed.</summary>
    public required UsageOutcome Outcome { get; init; }

    /// <summary>Why it failed; null on success.</summary>
    public ProviderErrorCategory? ErrorCategory { get; init; }

    /// <summary>The failure in plain words (credential-free); null on success.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>True when this row's integration is not the first one asked.</summary>
    public bool FallbackUsed { get; init; }

    /// <summary>The integration the call asked first (the chain's primary).</summary>
    public required int FirstIntegrationId { get; init; }

    /// <summary>Position in the chain, 0 for the primary.</summary>
    public int ChainPosition { get; init; }

    /// <summary>Groups the rows of one call.</summary>
    public Guid CallId { get; init; }

    /// <summary>When the call on this integration started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Inputs answered from the embedding cache (counted in <see cref="InputCount"/>, not in the tokens).</summary>
    public int CachedInputs { get; init; }
}
