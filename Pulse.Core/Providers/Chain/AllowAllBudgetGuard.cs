namespace Pulse.Core.Providers.Chain;

/// <summary>The default until a database-backed guard replaces it: no limits.</summary>
internal sealed class AllowAllBudgetGuard : IBudgetGuard
{
    public Task<BudgetDecision> CheckAsync(int tenantId, ProviderOperation operation, CancellationToken cancellationToken) =>
        Task.FromResult(BudgetDecision.Allow);
}
