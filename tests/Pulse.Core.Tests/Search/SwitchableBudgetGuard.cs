using System.Collections.Concurrent;
using Pulse.Core.Providers;

namespace Pulse.Core.Tests.Search;

/// <summary>A budget guard a test can close for one tenant (the real guard's rules belong to the usage module).</summary>
internal sealed class SwitchableBudgetGuard : IBudgetGuard
{
    private readonly ConcurrentDictionary<int, bool> _refused = new();

    public void Refuse(int tenantId) => _refused[tenantId] = true;

    public void Allow(int tenantId) => _refused.TryRemove(tenantId, out _);

    public Task<BudgetDecision> CheckAsync(int tenantId, ProviderOperation operation, CancellationToken cancellationToken) =>
        Task.FromResult(_refused.ContainsKey(tenantId) ? BudgetDecision.Refuse("Monthly AI spend", 10m, 10.5m) : BudgetDecision.Allow);
}
