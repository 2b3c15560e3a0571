using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Pulse.Core.VectorStore.Embedded;

/// <summary>
/// One upsert call, prepared before the write gate: payloads encoded, vectors checked and prepared (normalized
/// for Cosine) into one pooled array. Dispose returns the array.
/// </summary>
/// <remarks>
/// A copy per point would be garbage the size of the batch, and at bulk-ingest rates that garbage, not the
/// disk, was what the writer spent its time on. The per-point loops are compiled fully optimized from the
/// first call: a bulk ingest calls them only once per batch, so tiered compilation left them unoptimized for
/// much of a 100,000-point load (with tiering switched off, that ingest ran about a third faster).
/// </remarks>
internal sealed class UpsertBatch : IDisposable
{
    // Batches up to 16 MiB of vectors (10,000 at 384 dimensions) borrow from the shared pool; a one-off larger
    // batch gets its own array, so the pool never holds on to hundreds of megabytes after it.
    private const int PooledFloats = 4 * 1024 * 1024;

    private readonly float[] _vectors;
    private readonly bool _pooled;
    private readonly PointId[] _ids;
    private readonly byte[]?[] _bytes;
    private readonly JsonElement[] _payloads;
    private readonly int _dimension;

    private UpsertBatch(int count, int dimension)
    {
        _dimension = dimension;
        var floats = (long)count * dimension;
        if (floats > Array.MaxLength)
        {
            throw new VectorStoreException(VectorStoreErrorKind.Validation,
                $"An upsert of {count:N0} points of {dimension:N0} dimensions is over 8 GB of vectors; send it in smaller batches.");
        }

        _pooled = floats <= PooledFloats;
        _vectors = _pooled ? ArrayPool<float>.Shared.Rent((int)floats) : GC.AllocateUninitializedArray<float>((int)floats);
        _ids = new PointId[count];
        _bytes = new byte[]?[count];
        _payloads = new JsonElement[count];
    }

    public int Count => _ids.Length;

    /// <summary>Prepares <paramref name="points"/>; throws the store's validation errors before anything is written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static UpsertBatch Prepare(IReadOnlyList<VectorPoint> points, CollectionDefinition definition, Action<int> checkDimension)
    {
        var batch = new UpsertBatch(points.Count, definition.VectorSize);
        try
        {
            for (var i = 0; i < points.Count; i++)
            {
                var point = points[i] ?? throw new VectorStoreException(VectorStoreErrorKind.Validation, $"Point {i} is null.");
                checkDimension(point.Vector?.Length ?? 0);
                (batch._bytes[i], batch._payloads[i]) = PayloadCodec.Encode(point.Payload);
                VectorMath.PrepareInto(definition.Distance, point.Vector, batch.Vector(i));
                batch._ids[i] = point.Id;
            }

            return batch;
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void WriteTo(CollectionDatabase db)
    {
        for (var i = 0; i < _ids.Length; i++)
        {
            db.Upsert(_ids[i], Vector(i), _bytes[i]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ApplyTo(PointTable table)
    {
        table.Reserve(_ids.Length);
        for (var i = 0; i < _ids.Length; i++)
        {
            table.Put(_ids[i], Vector(i), _payloads[i]);
        }
    }

    public void Dispose()
    {
        if (_pooled)
        {
            ArrayPool<float>.Shared.Return(_vectors);
        }
    }

    private Span<float> Vector(int i) => _vectors.AsSpan(i * _dimension, _dimension);
}
