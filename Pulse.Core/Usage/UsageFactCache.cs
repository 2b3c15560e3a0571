namespace Pulse.Core.Usage;

/// <summary>
/// The facts of closed days (before yesterday, UTC, by the database's clock) per question, kept in memory so a
/// page view recomputes only the open days. An entry is used only while <c>ai_usage_rollup_state.closed_days_version</c>
/// still has the value it was read with and no day it covers is marked pending, both checked in the snapshot of
/// the view (see migration 0015 for why that is exact). Tenant and integration names are read fresh each time.
/// Bounded by the number of facts held; the least recently used questions go first.
/// </summary>
public sealed class UsageFactCache(int maxFacts = 200_000)
{
    private readonly Dictionary<Key, Entry> _entries = [];
    private readonly object _gate = new();
    private long _factCount, _clock, _hits, _misses;

    /// <summary>Views answered from an entry (only the open days read).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Views that read every day (no entry, or it was out of date).</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Drops every entry.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
            _factCount = 0;
        }
    }

    internal bool TryGet(Key key, out Entry entry)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out entry!))
            {
                entry.LastUsed = ++_clock;
                return true;
            }
            return false;
        }
    }

    internal void CountHit() => Interlocked.Increment(ref _hits);

    internal void CountMiss() => Interlocked.Increment(ref _misses);

    internal void Store(Key key, long version, DateOnly split, IReadOnlyList<UsageFact> facts)
    {
        if (facts.Count > maxFacts) return;
        lock (_gate)
        {
            Remove(key);
            while (_factCount + facts.Count > maxFacts && _entries.Count > 0)
                Remove(_entries.MinBy(e => e.Value.LastUsed).Key);
            _entries[key] = new Entry(version, split, facts) { LastUsed = ++_clock };
            _factCount += facts.Count;
        }
    }

    internal void Forget(Key key)
    {
        lock (_gate) Remove(key);
    }

    private void Remove(Key key)
    {
        if (_entries.Remove(key, out var old)) _factCount -= old.Facts.Count;
    }

    /// <summary>A question: the read source (its connection string), tenant scope, granularity and range.</summary>
    internal sealed record Key(string Source, int? TenantId, UsageGranularity Granularity, DateOnly From, DateOnly To);

    /// <summary>Facts of the days [From, <paramref name="Split"/>), read at <paramref name="Version"/>; never handed out to be changed.</summary>
    internal sealed record Entry(long Version, DateOnly Split, IReadOnlyList<UsageFact> Facts)
    {
        public long LastUsed { get; set; }
    }
}
