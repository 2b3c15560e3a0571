using System.Numerics.Tensors;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Embedded;
using Pulse.Testing;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>The embedded store's memory layout and write path: chunked vectors, batch reservations, pooled upsert batches, the chunk-wise dot-product scan.</summary>
public sealed class EmbeddedPointTableTests
{
    private const int Dimension = 3;

    [Fact]
    public void A_batch_reserved_across_chunk_boundaries_keeps_every_vector_in_its_slot()
    {
        var table = new PointTable(Dimension, Distance.Dot);
        var total = 0;
        foreach (var batch in new[] { 10, PointTable.ChunkPoints + 5, (2 * PointTable.ChunkPoints) - 1, 1 })
        {
            table.Reserve(batch);
            for (var i = 0; i < batch; i++, total++)
            {
                table.Put(PointId.FromNumber((ulong)total + 1), VectorOf(total), default);
            }
        }

        Assert.Equal(total, table.Count);
        Assert.Equal((total + PointTable.ChunkPoints - 1) / PointTable.ChunkPoints, table.ChunkCount);
        Assert.Equal(total, Enumerable.Range(0, table.ChunkCount).Sum(c => table.ChunkLive(c).Length));
        for (var slot = 0; slot < total; slot++)
        {
            Assert.Equal(VectorOf(slot), table.VectorAt(slot).ToArray());
            Assert.Equal(VectorOf(slot), table.ChunkVectors(slot / PointTable.ChunkPoints).Slice(slot % PointTable.ChunkPoints * Dimension, Dimension).ToArray());
        }
    }

    [Fact]
    public async Task A_cosine_collection_over_several_chunks_answers_as_a_brute_force_scan_before_and_after_reopening()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pulse-chunks-" + Guid.NewGuid().ToString("N"));
        const string collection = "chunks";
        var count = (2 * PointTable.ChunkPoints) + 100;
        var random = new Random(5);
        var vectors = Enumerable.Range(0, count + 50).Select(_ => new[] { Next(random), Next(random), Next(random) }).ToArray();
        var query = new[] { 0.3f, -0.8f, 0.5f };
        try
        {
            using (var store = new EmbeddedVectorStore(folder))
            {
                await store.CreateCollectionAsync(collection, new CollectionDefinition(Dimension, Distance.Cosine));
                foreach (var batch in Enumerable.Range(0, count).Chunk(3_000))
                {
                    await store.UpsertAsync(collection, [.. batch.Select(i => new VectorPoint((ulong)i + 1, vectors[i]))]);
                }

                // Freed slots are reused by the next points, inside the first chunk.
                await store.DeletePointsAsync(collection, PointSelector.Ids([.. Enumerable.Range(1, 50).Select(i => PointId.FromNumber((ulong)i))]));
                await store.UpsertAsync(collection, [.. Enumerable.Range(count, 50).Select(i => new VectorPoint((ulong)i + 1, vectors[i]))]);
                Assert.Equal(Expected(vectors, query, 50, count + 50), await TopIds(store, collection, query));
            }

            using var reopened = new EmbeddedVectorStore(folder);
            Assert.Equal(Expected(vectors, query, 50, count + 50), await TopIds(reopened, collection, query));
            var last = (await reopened.GetPointsAsync(collection, [PointId.FromNumber((ulong)count + 50)], withVector: true)).Single();
            Assert.Equal(Normalized(vectors[count + 49]), last.Vector!, (a, b) => Math.Abs(a - b) < 1e-6f);
        }
        finally
        {
            TestFolders.TryDelete(folder);
        }
    }

    [Fact]
    public async Task An_upsert_too_large_for_the_pooled_buffer_is_stored_exactly_and_a_bad_point_in_it_stores_nothing()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pulse-big-batch-" + Guid.NewGuid().ToString("N"));
        const int dimension = 512;
        var count = (4 * 1024 * 1024 / dimension) + 10;
        var points = Enumerable.Range(0, count).Select(i => new VectorPoint((ulong)i + 1, [.. Enumerable.Range(0, dimension).Select(d => (float)(i + d))])).ToList();
        try
        {
            using var store = new EmbeddedVectorStore(folder);
            await store.CreateCollectionAsync("big", new CollectionDefinition(dimension, Distance.Dot));

            await Assert.ThrowsAsync<VectorStoreException>(() => store.UpsertAsync("big", [.. points, new VectorPoint((ulong)count + 1, [1f])]));
            Assert.Equal(0, await store.CountAsync("big"));
            await store.UpsertAsync("big", points);

            Assert.Equal(count, await store.CountAsync("big"));
            var ids = new[] { 1UL, (ulong)count / 2, (ulong)count }.Select(PointId.FromNumber).ToList();
            var read = await store.GetPointsAsync("big", ids, withVector: true);
            Assert.Equal(ids.Select(id => points[(int)id.Number - 1].Vector), read.Select(p => p.Vector!));
        }
        finally
        {
            TestFolders.TryDelete(folder);
        }
    }

    private static async Task<List<ulong>> TopIds(EmbeddedVectorStore store, string collection, float[] query) =>
        [.. (await store.QueryAsync(collection, new VectorQuery(query) { Limit = 10, WithPayload = false })).Select(h => h.Id.Number)];

    private static List<ulong> Expected(float[][] vectors, float[] query, int from, int to)
    {
        var q = Normalized(query);
        return [.. Enumerable.Range(from, to - from)
            .Select(i => (Id: (ulong)i + 1, Score: TensorPrimitives.Dot(Normalized(vectors[i]), q)))
            .OrderByDescending(e => e.Score).ThenBy(e => e.Id).Take(10).Select(e => e.Id)];
    }

    private static float[] Normalized(float[] vector)
    {
        var copy = (float[])vector.Clone();
        TensorPrimitives.Divide(copy, TensorPrimitives.Norm(copy), copy);
        return copy;
    }

    private static float[] VectorOf(int i) => [i, -i, i * 0.5f];

    private static float Next(Random random) => (float)((random.NextDouble() * 2) - 1);
}
