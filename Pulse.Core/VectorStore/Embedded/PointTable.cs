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

    /// <summary>Inserts or replaces a point; <paramref name="vector"/> is already prepared (normalized for Cosine).</summary>
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

    private void EnsureCapacity(int slot)
    {
        if (slot >= _ids.Length)
        {
            var size = Math.Max(slot + 1, _ids.Length * 2);
            Array.Resize(ref _ids, size);
            Array.Resize(ref _payloads, size);
            Array.Resize(ref _live, size);
        }

        var chunk = slot / ChunkPoints;
        var needed = (slot % ChunkPoints) + 1;
        if (chunk == _chunks.Count)
        {
            _chunks.Add(new float[Math.Max(FirstChunkPoints, needed) * Dimension]);
        }
        else if (_chunks[chunk].Length < needed * Dimension)
        {
            // Only the last chunk grows, doubling up to a full chunk, so small collections stay small.
            var points = Math.Min(ChunkPoints, Math.Max(needed, _chunks[chunk].Length / Dimension * 2));
            var grown = new float[points * Dimension];
            _chunks[chunk].CopyTo(grown, 0);
            _chunks[chunk] = grown;
        }
    }
}
