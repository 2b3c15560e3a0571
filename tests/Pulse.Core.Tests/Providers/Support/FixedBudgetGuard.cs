using Pulse.Core.Providers;

namespace Pulse.Core.Tests.Providers.Support;

/// <summary>A budget guard that answers whatever the test says.</summary>
public sealed class FixedBudgetGuard : IBudgetGuard
{
    public BudgetDecision Decision { get; set; } = BudgetDecision.Allow;

    public Task<BudgetDecision> CheckAsync(int tenantId, ProviderOperation operation, CancellationToken cancellationToken) =>
        Task.FromResult(Decision);
}
