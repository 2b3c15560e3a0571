namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// Keeps the best <c>k</c> (slot, rank) pairs seen, where a higher rank is better, in a min-heap whose root
/// is the worst kept. Equal ranks are broken by point id (lower id wins) so pages are stable across calls.
/// </summary>
internal sealed class TopK
{
    private readonly float[] _ranks;
    private readonly int[] _slots;
    private readonly Func<int, PointId> _idOf;
    private int _count;

    public TopK(int k, Func<int, PointId> idOf)
    {
        _ranks = new float[k];
        _slots = new int[k];
        _idOf = idOf;
    }

    /// <summary>Below this rank a candidate cannot enter once the heap is full; lets the scan skip work.</summary>
    public float Threshold => _count == _ranks.Length ? _ranks[0] : float.NegativeInfinity;

    public void Offer(int slot, float rank)
    {
        if (_ranks.Length == 0)
        {
            return;
        }

        if (_count < _ranks.Length)
        {
            _ranks[_count] = rank;
            _slots[_count] = slot;
            SiftUp(_count++);
        }
        else if (Better(rank, slot, _ranks[0], _slots[0]))
        {
            _ranks[0] = rank;
            _slots[0] = slot;
            SiftDown(0);
        }
    }

    /// <summary>The kept entries, best first.</summary>
    public List<(int Slot, float Rank)> Drain()
    {
        var result = new List<(int Slot, float Rank)>(_count);
        for (var i = 0; i < _count; i++)
        {
            result.Add((_slots[i], _ranks[i]));
        }

        result.Sort((a, b) => Better(a.Rank, a.Slot, b.Rank, b.Slot) ? -1 : Better(b.Rank, b.Slot, a.Rank, a.Slot) ? 1 : 0);
        return result;
    }

    private bool Better(float rankA, int slotA, float rankB, int slotB) =>
        rankA > rankB || (rankA == rankB && slotA != slotB && _idOf(slotA) < _idOf(slotB));

    private void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Better(_ranks[parent], _slots[parent], _ranks[i], _slots[i]))
            {
                return;
            }

            Swap(i, parent);
            i = parent;
        }
    }

    private void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var left = (2 * i) + 1;
            var right = left + 1;
            if (left < _count && Better(_ranks[worst], _slots[worst], _ranks[left], _slots[left]))
            {
                worst = left;
            }

            if (right < _count && Better(_ranks[worst], _slots[worst], _ranks[right], _slots[right]))
            {
                worst = right;
            }

            if (worst == i)
            {
                return;
            }

            Swap(i, worst);
            i = worst;
        }
    }

    private void Swap(int a, int b)
    {
        (_ranks[a], _ranks[b]) = (_ranks[b], _ranks[a]);
        (_slots[a], _slots[b]) = (_slots[b], _slots[a]);
    }
}
