using Pulse.Core.Tenancy;

namespace Pulse.Core.Preferences;

/// <summary>The budget status of the tenant in scope, for the dashboard banner and the preferences gauge.</summary>
public sealed class BudgetStatusService
{
    private readonly BudgetCalculator _calculator;
    private readonly ITenantContext _tenant;

    internal BudgetStatusService(BudgetCalculator calculator, ITenantContext tenant) => (_calculator, _tenant) = (calculator, tenant);

    /// <summary>The status, or null when no tenant is in scope (a platform admin who has not picked one).</summary>
    public async Task<BudgetStatus?> CurrentAsync(CancellationToken cancellationToken = default) =>
        _tenant.TenantId is { } id ? await _calculator.EvaluateAsync(id, cancellationToken) : null;

    /// <summary>What the status would be with other cost limits (the page's preview before saving).</summary>
    /// <param name="limits">The cost limits being edited.</param>
    /// <param name="spent">Month-to-date spend.</param>
    /// <param name="now">The moment to project from.</param>
    /// <param name="spentByProvider">Month-to-date spend per provider (for the caps), when known.</param>
    public static BudgetStatus Preview(CostLimitsPreference limits, decimal spent, DateTimeOffset now, IReadOnlyDictionary<string, decimal>? spentByProvider = null) =>
        BudgetCalculator.Status(limits, spent, now, spentByProvider);
}
