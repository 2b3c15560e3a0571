namespace Pulse.Core.Preferences;

/// <summary>
/// The 'cost_limits' preference: the monthly budget, its alert threshold, the action at the limit and optional
/// per-provider caps. Version 2 added <see cref="ProviderCaps"/>; a version-1 document reads as one without caps.
/// </summary>
public sealed class CostLimitsPreference
{
    public const int CurrentVersion = 2;

    public int SchemaVersion { get; set; } = CurrentVersion;

    /// <summary>Monthly AI budget in <see cref="Currency"/>; 0 means no budget.</summary>
    public decimal MonthlyBudget { get; set; }

    /// <summary>Percent of the budget at which one alert per month is recorded (1–100).</summary>
    public int AlertThresholdPercent { get; set; } = 80;

    /// <summary>What happens when spend reaches the budget.</summary>
    public BudgetAction ActionAtLimit { get; set; } = BudgetAction.WarnOnly;

    /// <summary>The budget's currency (spend is recorded in USD).</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>
    /// Optional monthly caps per provider. The alert threshold and the action at the limit apply to each: past the
    /// threshold one alert per provider and month; at a refusing cap that provider is no longer asked (the chain goes on
    /// to a fallback of another provider, and refuses when none is left).
    /// </summary>
    public List<ProviderCap> ProviderCaps { get; set; } = [];

    /// <summary>True when a budget is set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasBudget => MonthlyBudget > 0;
}
