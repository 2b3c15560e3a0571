namespace Pulse.Core.Usage.Budget;

/// <summary>
/// Month-to-date spend of one tenant against its budget, with a straight-line projection to month end
/// (spend so far divided by the elapsed part of the month, at least one day, times the month's length).
/// </summary>
public sealed record MonthBudgetView(
    DateOnly MonthStart, int DaysInMonth, decimal SpendToDate, decimal? MonthlyBudget, decimal ProjectedMonthEnd,
    IReadOnlyList<(DateOnly Day, decimal CumulativeSpend)> Daily)
{
    /// <summary>Spend as a fraction of the budget; null without a budget.</summary>
    public double? UsedFraction => MonthlyBudget is { } b ? (double)(SpendToDate / b) : null;

    /// <summary>True when the projection passes the budget.</summary>
    public bool ProjectedOverrun => MonthlyBudget is { } b && ProjectedMonthEnd > b;
}
