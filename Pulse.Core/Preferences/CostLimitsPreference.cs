namespace Pulse.Core.Preferences;

/// <summary>The 'cost_limits' preference: the monthly budget, its alert threshold and the action at the limit.</summary>
public sealed class CostLimitsPreference
{
    public const int CurrentVersion = 1;

    public int SchemaVersion { get; set; } = CurrentVersion;

    /// <summary>Monthly AI budget in <see cref="Currency"/>; 0 means no budget.</summary>
    public decimal MonthlyBudget { get; set; }

    /// <summary>Percent of the budget at which one alert per month is recorded (1–100).</summary>
    public int AlertThresholdPercent { get; set; } = 80;

    /// <summary>What happens when spend reaches the budget.</summary>
    public BudgetAction ActionAtLimit { get; set; } = BudgetAction.WarnOnly;

    /// <summary>The budget's currency (spend is recorded in USD).</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>True when a budget is set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasBudget => MonthlyBudget > 0;
}
