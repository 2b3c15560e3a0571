using System.Collections.Concurrent;
using Pulse.Core.Providers;

namespace Pulse.Core.Tests.Providers.Support;

/// <summary>Keeps usage rows in memory.</summary>
public sealed class RecordingUsageRecorder : IUsageRecorder
{
    private readonly ConcurrentQueue<UsageRecord> _records = new();

    public IReadOnlyList<UsageRecord> Records => _records.ToList();

    public Task RecordAsync(UsageRecord record, CancellationToken cancellationToken)
    {
        _records.Enqueue(record);
        return Task.CompletedTask;
    }
}
