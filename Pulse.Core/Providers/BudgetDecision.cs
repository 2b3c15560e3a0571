namespace Pulse.Core.Providers;

/// <summary>
/// What <see cref="IBudgetGuard"/> says about a call: allowed, allowed with a soft-limit warning,
/// or refused by a hard limit. The chain, not the guard, turns a refusal into
/// <see cref="BudgetExceededException"/>, so every refusal reads the same.
/// </summary>
/// <param name="Allowed">False only when a hard limit is reached.</param>
/// <param name="BudgetName">The budget's name as the tenant knows it (e.g. "Monthly AI spend").</param>
/// <param name="Limit">The limit reached, in <paramref name="Currency"/>.</param>
/// <param name="Spent">The spend so far in the period.</param>
/// <param name="Currency">Currency of limit and spend.</param>
/// <param name="Period">Human period ("November 2025"), optional.</param>
/// <param name="SoftLimitReached">True when a warning threshold is passed but calls still go through.</param>
public sealed record BudgetDecision(
    bool Allowed,
    string? BudgetName = null,
    decimal? Limit = null,
    decimal? Spent = null,
    string Currency = "USD",
    string? Period = null,
    bool SoftLimitReached = false)
{
    /// <summary>Set on a per-provider decision: the provider whose cap it is.</summary>
    public ProviderKind? Provider { get; init; }

    /// <summary>
    /// Decisions about per-provider caps that are past their threshold, one per provider: a refused one means the
    /// chain must not ask that provider's integrations for this call (it goes on to a fallback of another provider).
    /// </summary>
    public IReadOnlyList<BudgetDecision> ProviderDecisions { get; init; } = [];

    /// <summary>No limit applies, or it is far off.</summary>
    public static BudgetDecision Allow { get; } = new(true);

    /// <summary>A hard limit is reached.</summary>
    public static BudgetDecision Refuse(string budgetName, decimal limit, decimal spent, string currency = "USD", string? period = null) =>
        new(false, budgetName, limit, spent, currency, period);
}
