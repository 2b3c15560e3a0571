using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// A collection's points in memory. Vectors live in contiguous float arrays of up to
/// <see cref="ChunkPoints"/> vectors each, addressed by slot; a slot map finds a point's slot, freed slots
/// are reused, and payload indexes map values to slots. Not thread-safe: the owner serializes writers
/// and lets readers in only under its reader lock.
/// </summary>
internal sealed class PointTable
{
    public const int ChunkPoints = 4096;
    private const int FirstChunkPoints = 64;

    private readonly List<float[]> _chunks = [];
    private readonly Dictionary<PointId, int> _slotOf = [];
    private readonly Stack<int> _free = new();
    private readonly Dictionary<string, PayloadIndex> _indexes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _textIndexed = new(StringComparer.Ordinal);
    private PointId[] _ids = new PointId[FirstChunkPoints];
    private JsonElement[] _payloads = new JsonElement[FirstChunkPoints];
    private bool[] _live = new bool[FirstChunkPoints];

    public PointTable(int dimension, Distance distance)
    {
        Dimension = dimension;
        Distance = distance;
    }

    public int Dimension { get; }
    public Distance Distance { get; }
    public int Count => _slotOf.Count;

    /// <summary>Slots ever handed out; live slots are all below this.</summary>
    public int HighWater { get; private set; }

    public IReadOnlyDictionary<string, PayloadIndex> Indexes => _indexes;
    public IReadOnlySet<string> TextIndexed => _textIndexed;

    public bool IsLive(int slot) => _live[slot];

    public PointId IdAt(int slot) => _ids[slot];

    public JsonElement PayloadAt(int slot) => _payloads[slot];

    public bool TryGetSlot(PointId id, out int slot) => _slotOf.TryGetValue(id, out slot);

    public ReadOnlySpan<float> VectorAt(int slot) =>
        new(_chunks[slot / ChunkPoints], slot % ChunkPoints * Dimension, Dimension);

    /// <summary>Chunks holding slots below <see cref="HighWater"/>.</summary>
    public int ChunkCount => (HighWater + ChunkPoints - 1) / ChunkPoints;

    /// <summary>The live flags of chunk <paramref name="chunk"/>'s slots below <see cref="HighWater"/>.</summary>
    public ReadOnlySpan<bool> ChunkLive(int chunk)
    {
        var first = chunk * ChunkPoints;
        return new ReadOnlySpan<bool>(_live, first, Math.Min(ChunkPoints, HighWater - first));
    }

    /// <summary>The vectors of chunk <paramref name="chunk"/>'s slots below <see cref="HighWater"/>, back to back;
    /// lets a scan walk contiguous memory without a lookup per point.</summary>
    public ReadOnlySpan<float> ChunkVectors(int chunk) =>
        new(_chunks[chunk], 0, ChunkLive(chunk).Length * Dimension);

    /// <summary>Makes room for <paramref name="points"/> more new points at once, so a batch grows the arrays in one step.</summary>
    public void Reserve(int points)
    {
        var fresh = points - _free.Count;
        if (fresh > 0)
        {
            EnsureCapacity(HighWater + fresh - 1);
        }
    }

    /// <summary>Inserts or replaces a point; <paramref name="vector"/> is already prepared (normalized for Cosine).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Put(PointId id, ReadOnlySpan<float> vector, JsonElement payload)
    {
        if (_slotOf.TryGetValue(id, out var slot))
        {
            Unindex(slot);
        }
        else
        {
            slot = _free.Count > 0 ? _free.Pop() : HighWater++;
            EnsureCapacity(slot);
            _slotOf[id] = slot;
            _ids[slot] = id;
            _live[slot] = true;
        }

        vector.CopyTo(_chunks[slot / ChunkPoints].AsSpan(slot % ChunkPoints * Dimension, Dimension));
        _payloads[slot] = payload;
        Index(slot);
    }

    public bool Remove(PointId id)
    {
        if (!_slotOf.Remove(id, out var slot))
        {
            return false;
        }

        Unindex(slot);
        _live[slot] = false;
        _payloads[slot] = default;
        _free.Push(slot);
        return true;
    }

    public void ReplacePayload(int slot, JsonElement payload)
    {
        Unindex(slot);
        _payloads[slot] = payload;
        Index(slot);
    }

    public void AddIndex(string field, PayloadFieldType type)
    {
        RemoveIndex(field);
        var index = new PayloadIndex(field, type);
        for (var slot = 0; slot < HighWater; slot++)
        {
            if (_live[slot])
            {
                index.Add(slot, _payloads[slot]);
            }
        }

        _indexes[field] = index;
        if (type == PayloadFieldType.Text)
        {
            _textIndexed.Add(field);
        }
    }

    public void RemoveIndex(string field)
    {
        _indexes.Remove(field);
        _textIndexed.Remove(field);
    }

    private void Index(int slot)
    {
        foreach (var index in _indexes.Values)
        {
            index.Add(slot, _payloads[slot]);
        }
    }

    private void Unindex(int slot)
    {
        foreach (var index in _indexes.Values)
        {
            index.Remove(slot, _payloads[slot]);
        }
    }

    /// <summary>Makes every slot up to <paramref name="lastSlot"/> addressable.</summary>
    private void EnsureCapacity(int lastSlot)
    {
        if (lastSlot >= _ids.Length)
        {
            var size = Math.Max(lastSlot + 1, _ids.Length * 2);
            Array.Resize(ref _ids, size);
            Array.Resize(ref _payloads, size);
            Array.Resize(ref _live, size);
        }

        var lastChunk = lastSlot / ChunkPoints;
        for (var chunk = Math.Max(0, _chunks.Count - 1); chunk <= lastChunk; chunk++)
        {
            var needed = chunk < lastChunk ? ChunkPoints : (lastSlot % ChunkPoints) + 1;
            var held = chunk < _chunks.Count ? _chunks[chunk].Length / Dimension : 0;
            if (held >= needed)
            {
                continue;
            }

            // The first chunk grows by doubling so small collections stay small; once it is full a collection is
            // evidently large, and later chunks are taken whole (each regrowth of a multi-megabyte array is a
            // large-object allocation and copy, which made bulk ingest pay for repeated full collections).
            var points = chunk > 0 ? ChunkPoints : Math.Min(ChunkPoints, Math.Max(needed, Math.Max(FirstChunkPoints, held * 2)));

            // Uninitialized: only live slots are ever read, and each is written before it becomes live.
            var grown = GC.AllocateUninitializedArray<float>(points * Dimension);
            if (chunk < _chunks.Count)
            {
                _chunks[chunk].CopyTo(grown, 0);
                _chunks[chunk] = grown;
            }
            else
            {
                _chunks.Add(grown);
            }
        }
    }
}
