using System.Collections.Concurrent;

namespace Pulse.Core.Providers.Chain;

/// <summary>
/// Holds each tenant's AI calls in this process to its 'maximum concurrency' preference: a call beyond the limit waits
/// for a slot (or for its caller to give up). A changed limit takes effect for calls that start after the change.
/// </summary>
internal sealed class TenantConcurrencyGates
{
    private readonly ConcurrentDictionary<int, Gate> _gates = new();

    /// <summary>A slot for one call of <paramref name="tenantId"/>; disposing it frees the slot. No limit: no wait.</summary>
    public async ValueTask<IDisposable?> EnterAsync(int tenantId, int? limit, CancellationToken cancellationToken)
    {
        if (limit is not { } max || max <= 0) return null;
        var gate = _gates.AddOrUpdate(tenantId, _ => new Gate(max), (_, current) => current.Limit == max ? current : new Gate(max));
        await gate.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(gate.Slots);
    }

    private sealed record Gate(int Limit)
    {
        public SemaphoreSlim Slots { get; } = new(Limit, Limit);
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
