using System.Text.Json;
using System.Text.Json.Nodes;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// One open collection: the in-memory <see cref="PointTable"/> plus its <see cref="CollectionDatabase"/>.
/// Writers queue on one gate and commit to SQLite before touching memory, so what a reader sees is always
/// durable; readers share a reader lock and never wait for disk.
/// </summary>
internal sealed class EmbeddedCollection : IDisposable
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly CollectionDatabase _db;
    private readonly PointTable _table;
    private bool _disposed;

    private EmbeddedCollection(string name, CollectionDefinition definition, CollectionDatabase db)
    {
        Name = name;
        Definition = definition;
        _db = db;
        _table = new PointTable(definition.VectorSize, definition.Distance);
    }

    public string Name { get; }
    public CollectionDefinition Definition { get; }

    public static EmbeddedCollection Create(string name, string file, CollectionDefinition definition) =>
        new(name, definition, CollectionDatabase.Create(file, definition));

    public static EmbeddedCollection Open(string name, string file)
    {
        var db = CollectionDatabase.Open(file);
        var collection = new EmbeddedCollection(name, db.ReadDefinition(), db);
        foreach (var (field, type) in db.ReadIndexes())
        {
            collection._table.AddIndex(field, type);
        }

        db.ReadAll((id, vector, payload) => collection._table.Put(id, vector, PayloadCodec.Decode(payload)));
        return collection;
    }

    public async Task UpsertAsync(IReadOnlyList<VectorPoint> points, CancellationToken cancellationToken)
    {
        using var batch = UpsertBatch.Prepare(points, Definition, CheckDimension);
        await WriteAsync(batch.WriteTo, batch.ApplyTo, cancellationToken);
    }

    public List<ScoredPoint> Query(VectorQuery query)
    {
        CheckDimension(query.Vector?.Length ?? 0);
        var vector = VectorMath.Prepare(Definition.Distance, query.Vector!);
        return Read(() => PointQueries.Search(_table, vector, query.Filter, query.Offset + query.Limit, query.ScoreThreshold)
            .Skip(query.Offset)
            .Select(hit => new ScoredPoint(_table.IdAt(hit.Slot), hit.Score,
                query.WithPayload ? PayloadCodec.ToObject(_table.PayloadAt(hit.Slot)) : null,
                query.WithVector ? _table.VectorAt(hit.Slot).ToArray() : null))
            .ToList());
    }

    public ScrollPage Scroll(ScrollRequest request) => Read(() =>
    {
        // Keep only the limit+1 smallest ids at or after the cursor: O(n log k), no full sort per page.
        var largestFirst = new PriorityQueue<int, PointId>(Comparer<PointId>.Create((a, b) => b.CompareTo(a)));
        foreach (var slot in PointQueries.Matching(_table, request.Filter))
        {
            var id = _table.IdAt(slot);
            if (request.Offset is { } start && id < start)
            {
                continue;
            }

            largestFirst.Enqueue(slot, id);
            if (largestFirst.Count > request.Limit + 1)
            {
                largestFirst.Dequeue();
            }
        }

        var slots = new List<int>(largestFirst.Count);
        while (largestFirst.Count > 0)
        {
            slots.Add(largestFirst.Dequeue());
        }

        slots.Reverse();
        PointId? next = slots.Count > request.Limit ? _table.IdAt(slots[^1]) : null;
        var records = slots.Take(request.Limit).Select(s => Record(s, request.WithPayload, request.WithVector)).ToList();
        return new ScrollPage(records, next);
    });

    public long Count(Filter? filter) => Read(() => filter is null || filter.MatchesAll ? _table.Count : PointQueries.Matching(_table, filter).Count);

    /// <summary>
    /// Exact facet counts of <paramref name="key"/> over every point matching <paramref name="filter"/>. What an index
    /// narrows is counted in one read; otherwise the points are read chunk by chunk, each chunk under its own short reader
    /// lock, so a scan of a large collection neither copies it nor holds writers up for its whole length (a write that
    /// lands between chunks is counted or not, as with Qdrant's segments).
    /// </summary>
    public List<FacetHit> Facet(string key, Filter? filter, int limit, CancellationToken cancellationToken)
    {
        var counter = new FacetCounter(key);
        if (!Read(() => counter.TryCountNarrowed(_table, filter)))
        {
            for (var chunk = 0; Read(() => counter.CountChunk(_table, chunk, filter)); chunk++)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        return counter.Top(limit);
    }

    public List<PointRecord> Get(IReadOnlyList<PointId> ids, bool withPayload, bool withVector) => Read(() =>
        ids.Distinct().Order()
            .Where(id => _table.TryGetSlot(id, out _))
            .Select(id => { _table.TryGetSlot(id, out var slot); return Record(slot, withPayload, withVector); })
            .ToList());

    public Task DeleteAsync(PointSelector selector, CancellationToken cancellationToken)
    {
        List<PointId>? ids = null;
        return WriteAsync(
            db =>
            {
                ids = Resolve(selector);
                ids.ForEach(db.Delete);
            },
            table => ids!.ForEach(id => table.Remove(id)),
            cancellationToken);
    }

    /// <summary>Applies <paramref name="change"/> to the payload of every selected point.</summary>
    public Task UpdatePayloadAsync(PointSelector selector, Func<JsonElement, JsonObject> change, CancellationToken cancellationToken)
    {
        var updates = new List<(int Slot, JsonElement Payload)>();
        return WriteAsync(
            db =>
            {
                // As Qdrant: naming a point that does not exist is an error (404), not a silent no-op; checked before
                // anything is written, so a list with one wrong id changes nothing.
                foreach (var named in selector.PointIds ?? [])
                    if (!Read(() => _table.TryGetSlot(named, out _))) throw VectorStoreException.PointNotFound(named);
                foreach (var id in Resolve(selector))
                {
                    var slot = Read(() => _table.TryGetSlot(id, out var s) ? s : -1);
                    var (bytes, element) = PayloadCodec.Encode(change(Read(() => _table.PayloadAt(slot))));
                    db.SetPayload(id, bytes);
                    updates.Add((slot, element));
                }
            },
            table => updates.ForEach(u => table.ReplacePayload(u.Slot, u.Payload)),
            cancellationToken);
    }

    public Task CreateIndexAsync(string field, PayloadFieldType type, CancellationToken cancellationToken) =>
        WriteAsync(_ => { }, table => { table.AddIndex(field, type); _db.WriteIndexes(table.Indexes); }, cancellationToken);

    public Task DeleteIndexAsync(string field, CancellationToken cancellationToken) =>
        WriteAsync(_ => { }, table => { table.RemoveIndex(field); _db.WriteIndexes(table.Indexes); }, cancellationToken);

    public CollectionInfo Info() => Read(() => new CollectionInfo
    {
        Name = Name,
        Status = CollectionStatus.Green,
        PointsCount = _table.Count,
        IndexedVectorsCount = _table.Count,
        SegmentsCount = 1,
        Config = Definition,
        PayloadSchema = _table.Indexes.Values.ToDictionary(i => i.Field, i => i.Type),
    });

    public async Task SnapshotToAsync(string file, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfDisposed();
            _db.CopyTo(file);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public void Dispose()
    {
        _writeGate.Wait();
        try
        {
            _lock.EnterWriteLock();
            _disposed = true;
            _lock.ExitWriteLock();
            _db.Dispose();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private PointRecord Record(int slot, bool withPayload, bool withVector) => new(
        _table.IdAt(slot),
        withPayload ? PayloadCodec.ToObject(_table.PayloadAt(slot)) : null,
        withVector ? _table.VectorAt(slot).ToArray() : null);

    private List<PointId> Resolve(PointSelector selector) => selector.PointIds is { } ids
        ? Read(() => ids.Distinct().Where(id => _table.TryGetSlot(id, out _)).ToList())
        : Read(() => PointQueries.Matching(_table, selector.Filter).ConvertAll(_table.IdAt));

    private async Task WriteAsync(Action<CollectionDatabase> persist, Action<PointTable> apply, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            ThrowIfDisposed();
            _db.InTransaction(persist);
            _lock.EnterWriteLock();
            try
            {
                apply(_table);
            }
            finally
            {
                _lock.ExitWriteLock();
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private T Read<T>(Func<T> read)
    {
        _lock.EnterReadLock();
        try
        {
            ThrowIfDisposed();
            return read();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private void CheckDimension(int actual)
    {
        if (actual != Definition.VectorSize)
        {
            throw VectorStoreException.WrongDimension(Name, Definition.VectorSize, actual);
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw VectorStoreException.CollectionNotFound(Name);
        }
    }
}
