namespace Pulse.Core.Preferences;

/// <summary>Where a tenant's month-to-date spend stands against its budget.</summary>
public enum BudgetState
{
    /// <summary>No monthly budget is set.</summary>
    NoBudget,

    /// <summary>Below the alert threshold.</summary>
    UnderThreshold,

    /// <summary>At or past the alert threshold, below the budget.</summary>
    OverThreshold,

    /// <summary>At or past the budget; calls continue (warn only).</summary>
    OverBudget,

    /// <summary>At or past the budget; new AI calls are refused.</summary>
    Refusing,
}
