namespace Pulse.Core.Preferences;

/// <summary>One provider's month-to-date spend against its cap.</summary>
/// <param name="Provider">The provider's stored name, e.g. openai.</param>
/// <param name="Cap">The monthly cap.</param>
/// <param name="Spent">Month-to-date spend on the provider's integrations.</param>
/// <param name="State">Where the spend stands (the budget's alert threshold and action apply).</param>
/// <param name="Currency">Currency of cap and spend.</param>
/// <param name="Period">The month, e.g. "November 2026".</param>
public sealed record ProviderCapStatus(string Provider, decimal Cap, decimal Spent, BudgetState State, string Currency, string Period)
{
    /// <summary>"OpenAI".</summary>
    public string Label => ProviderCap.LabelOf(Provider);

    /// <summary>The cap's name in refusals, warnings and alerts, e.g. "OpenAI monthly cap".</summary>
    public string BudgetName => $"{Label} monthly cap";

    /// <summary>Spend as a percentage of the cap.</summary>
    public decimal PercentUsed => Cap > 0 ? Math.Round(Spent / Cap * 100m, 1) : 0m;

    /// <summary>True past the alert threshold.</summary>
    public bool NeedsAttention => State is BudgetState.OverThreshold or BudgetState.OverBudget or BudgetState.Refusing;

    /// <summary>One sentence for a banner or the page.</summary>
    public string Summary => State switch
    {
        BudgetState.Refusing => $"The {BudgetName} of {Money(Cap)} is spent ({Money(Spent)} in {Period}): {Label} is no longer asked; other providers' fallbacks still answer.",
        BudgetState.OverBudget => $"{Label} spend of {Money(Spent)} in {Period} is over its monthly cap of {Money(Cap)} (warn only: calls continue).",
        BudgetState.OverThreshold => $"{Label} spend of {Money(Spent)} in {Period} has reached {PercentUsed:0.#}% of its monthly cap of {Money(Cap)}.",
        _ => $"{Label}: {Money(Spent)} of a {Money(Cap)} cap ({PercentUsed:0.#}%).",
    };

    private string Money(decimal amount) => PreferencesDiff.Money(amount, Currency);
}
