namespace Pulse.Core.Preferences;

/// <summary>A tenant's month-to-date spend against its monthly budget, with a projection to the month's end.</summary>
/// <param name="Budget">The monthly budget (0 when none).</param>
/// <param name="Spent">Month-to-date spend, from the shared spend meter.</param>
/// <param name="Projected">What the month will cost at the current daily rate.</param>
/// <param name="ThresholdPercent">The alert threshold in percent of the budget.</param>
/// <param name="Action">What happens at the budget.</param>
/// <param name="Currency">Currency of all amounts.</param>
/// <param name="Period">The month, e.g. "November 2026".</param>
/// <param name="PeriodKey">The month as stored in alerts, e.g. "2026-11".</param>
/// <param name="State">Where the spend stands.</param>
public sealed record BudgetStatus(
    decimal Budget, decimal Spent, decimal Projected, int ThresholdPercent, BudgetAction Action,
    string Currency, string Period, string PeriodKey, BudgetState State)
{
    /// <summary>Spend as a percentage of the budget (0 without a budget).</summary>
    public decimal PercentUsed => Budget > 0 ? Math.Round(Spent / Budget * 100m, 1) : 0m;

    /// <summary>Each per-provider cap with its provider's spend (empty without caps).</summary>
    public IReadOnlyList<ProviderCapStatus> ProviderCaps { get; init; } = [];

    /// <summary>True when the overall budget needs a banner.</summary>
    public bool NeedsAttention => State is BudgetState.OverThreshold or BudgetState.OverBudget or BudgetState.Refusing;

    /// <summary>The provider caps past their alert threshold.</summary>
    public IEnumerable<ProviderCapStatus> CapsNeedingAttention => ProviderCaps.Where(c => c.NeedsAttention);

    /// <summary>One sentence for a banner or the page.</summary>
    public string Summary => State switch
    {
        BudgetState.NoBudget => $"No monthly AI budget is set; {PreferencesDiff.Money(Spent, Currency)} spent in {Period}.",
        BudgetState.Refusing => $"The monthly AI budget of {PreferencesDiff.Money(Budget, Currency)} is spent ({PreferencesDiff.Money(Spent, Currency)} in {Period}): new AI calls are refused.",
        BudgetState.OverBudget => $"AI spend of {PreferencesDiff.Money(Spent, Currency)} in {Period} is over the monthly budget of {PreferencesDiff.Money(Budget, Currency)} (warn only: calls continue).",
        BudgetState.OverThreshold => $"AI spend of {PreferencesDiff.Money(Spent, Currency)} in {Period} has reached {PercentUsed:0.#}% of the monthly budget of {PreferencesDiff.Money(Budget, Currency)} (alert at {ThresholdPercent}%).",
        _ => $"{PreferencesDiff.Money(Spent, Currency)} of {PreferencesDiff.Money(Budget, Currency)} spent in {Period} ({PercentUsed:0.#}%).",
    };
}
