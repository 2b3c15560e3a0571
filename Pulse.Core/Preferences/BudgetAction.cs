namespace Pulse.Core.Preferences;

/// <summary>What happens when month-to-date AI spend reaches the monthly budget.</summary>
public enum BudgetAction
{
    /// <summary>Calls go on; the alert and the dashboard banner warn.</summary>
    WarnOnly,

    /// <summary>New AI calls are refused until the budget is raised or the month ends.</summary>
    Refuse,
}
