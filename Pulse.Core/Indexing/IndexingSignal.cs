namespace Pulse.Core.Indexing;

/// <summary>Wakes the runner when a job is queued or resumed, so it does not wait for its next poll.</summary>
public sealed class IndexingSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Asks the runner to look for work now.</summary>
    public void Wake()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    /// <summary>Waits for a wake-up or the timeout.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _signal.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
}
