using System.Numerics.Tensors;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>Scores as Qdrant computes them, with SIMD through TensorPrimitives.</summary>
internal static class VectorMath
{
    /// <summary>True when a smaller score is a better match (distances rather than similarities).</summary>
    public static bool LowerIsBetter(Distance distance) => distance is Distance.Euclid or Distance.Manhattan;

    /// <summary>Qdrant normalizes Cosine vectors once on insert (and the query once), so scoring is a dot product.</summary>
    public static float[] Prepare(Distance distance, float[] vector)
    {
        var copy = (float[])vector.Clone();
        if (distance == Distance.Cosine)
        {
            NormalizeInPlace(copy);
        }

        return copy;
    }

    /// <summary>Like <see cref="Prepare"/>, writing into <paramref name="target"/> (as long as <paramref name="vector"/>) instead of a new array.</summary>
    public static void PrepareInto(Distance distance, ReadOnlySpan<float> vector, Span<float> target)
    {
        vector.CopyTo(target);
        if (distance == Distance.Cosine)
        {
            NormalizeInPlace(target);
        }
    }

    public static void NormalizeInPlace(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > float.Epsilon)
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }
    }

    /// <summary>The score Qdrant reports; <paramref name="scratch"/> must be at least as long as the vectors.</summary>
    public static float Score(Distance distance, ReadOnlySpan<float> stored, ReadOnlySpan<float> query, Span<float> scratch) =>
        distance switch
        {
            Distance.Cosine or Distance.Dot => TensorPrimitives.Dot(stored, query),
            Distance.Euclid => TensorPrimitives.Distance(stored, query),
            _ => Manhattan(stored, query, scratch),
        };

    private static float Manhattan(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> scratch)
    {
        var diff = scratch[..a.Length];
        TensorPrimitives.Subtract(a, b, diff);
        return TensorPrimitives.SumOfMagnitudes(diff);
    }
}
