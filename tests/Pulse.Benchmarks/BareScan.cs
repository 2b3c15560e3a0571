using System.Numerics.Tensors;

namespace Pulse.Benchmarks;

/// <summary>The floor to compare the store with: top-k by dot product over one contiguous array, nothing else.</summary>
internal sealed class BareScan(float[] vectors, int dimension)
{
    public int Count => vectors.Length / dimension;

    public (int Index, float Score)[] TopK(ReadOnlySpan<float> query, int k)
    {
        var scores = new float[k];
        var indexes = new int[k];
        var count = 0;
        for (var i = 0; i < Count; i++)
        {
            var score = TensorPrimitives.Dot(new ReadOnlySpan<float>(vectors, i * dimension, dimension), query);
            if (count < k)
            {
                scores[count] = score;
                indexes[count++] = i;
                if (count == k)
                {
                    Array.Sort(scores, indexes);
                }
            }
            else if (score > scores[0])
            {
                // Keep the k best sorted ascending; k is small, so an insertion shift is as cheap as a heap.
                var at = 0;
                while (at + 1 < k && scores[at + 1] < score)
                {
                    scores[at] = scores[at + 1];
                    indexes[at] = indexes[at + 1];
                    at++;
                }

                scores[at] = score;
                indexes[at] = i;
            }
        }

        return [.. Enumerable.Range(0, count).Select(j => (indexes[j], scores[j])).OrderByDescending(e => e.Item2)];
    }
}
