namespace Pulse.Core.Providers;

/// <summary>
/// Checks a tenant's AI budget before any provider is asked. Implemented over the tenant's
/// cost-limit preferences and <c>ai_usage_tracking</c>; the default allows everything.
/// </summary>
public interface IBudgetGuard
{
    /// <summary>Decides whether the tenant may spend on <paramref name="operation"/> now.</summary>
    Task<BudgetDecision> CheckAsync(int tenantId, ProviderOperation operation, CancellationToken cancellationToken);
}
