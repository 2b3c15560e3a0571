namespace Pulse.Core.Providers;

/// <summary>
/// A tenant's hard AI budget is spent, so the chain refused the call before asking any provider.
/// The message names the budget, the limit and the spend so a page can show it as is.
/// </summary>
public sealed class BudgetExceededException : Exception
{
    /// <summary>Creates the refusal from the guard's decision.</summary>
    public BudgetExceededException(int tenantId, BudgetDecision decision)
        : base(Describe(decision))
    {
        TenantId = tenantId;
        Decision = decision;
    }

    /// <summary>The tenant whose budget is spent.</summary>
    public int TenantId { get; }

    /// <summary>The guard's decision, with the budget's name, limit and spend.</summary>
    public BudgetDecision Decision { get; }

    private static string Describe(BudgetDecision d) =>
        $"The AI budget \"{d.BudgetName ?? "AI spend limit"}\" is exhausted: "
        + $"{d.Spent:0.####} {d.Currency} spent of a {d.Limit:0.####} {d.Currency} hard limit"
        + (string.IsNullOrWhiteSpace(d.Period) ? "." : $" for {d.Period}.")
        + " AI calls are refused until the limit is raised or the period ends.";
}
