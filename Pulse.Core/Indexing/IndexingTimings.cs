using System.Diagnostics;

namespace Pulse.Core.Indexing;

/// <summary>Where a job's time went, per stage (for the benchmark and the completion log line).</summary>
public sealed class IndexingTimings
{
    private long _read, _prepare, _embed, _upsert, _bookkeeping;

    public TimeSpan Read => Stopwatch.GetElapsedTime(0, _read);
    public TimeSpan Prepare => Stopwatch.GetElapsedTime(0, _prepare);
    public TimeSpan Embed => Stopwatch.GetElapsedTime(0, _embed);
    public TimeSpan Upsert => Stopwatch.GetElapsedTime(0, _upsert);
    public TimeSpan Bookkeeping => Stopwatch.GetElapsedTime(0, _bookkeeping);

    internal void AddRead(long since) => _read += Stopwatch.GetTimestamp() - since;
    internal void AddPrepare(long since) => _prepare += Stopwatch.GetTimestamp() - since;
    internal void AddEmbed(long since) => _embed += Stopwatch.GetTimestamp() - since;
    internal void AddUpsert(long since) => _upsert += Stopwatch.GetTimestamp() - since;
    internal void AddBookkeeping(long since) => _bookkeeping += Stopwatch.GetTimestamp() - since;

    public override string ToString() =>
        $"read {Read.TotalMilliseconds:N0} ms, prepare {Prepare.TotalMilliseconds:N0} ms, embed {Embed.TotalMilliseconds:N0} ms, upsert {Upsert.TotalMilliseconds:N0} ms, bookkeeping {Bookkeeping.TotalMilliseconds:N0} ms";
}
