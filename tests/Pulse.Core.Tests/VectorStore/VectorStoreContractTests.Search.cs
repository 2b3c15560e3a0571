using Pulse.Core.VectorStore;

namespace Pulse.Core.Tests.VectorStore;

public abstract partial class VectorStoreContractTests
{
    private const int ReferenceDimension = 8;

    [ContractFact]
    public async Task Scores_and_order_match_a_brute_force_reference_for_every_distance()
    {
        var random = new Random(20240601);
        var vectors = Enumerable.Range(0, 60).Select(_ => RandomVector(random, ReferenceDimension)).ToArray();
        var query = RandomVector(random, ReferenceDimension);

        foreach (var distance in Enum.GetValues<Distance>())
        {
            var name = await NewCollectionAsync(distance, ReferenceDimension);
            await Store.UpsertAsync(name, [.. vectors.Select((v, i) => new VectorPoint((ulong)i + 1, v))]);

            var hits = await Store.QueryAsync(name, new VectorQuery(query) { Limit = 10, Exact = true });

            var expected = vectors.Select((v, i) => (Id: (ulong)i + 1, Score: ReferenceScore(distance, v, query)))
                .OrderBy(e => distance is Distance.Euclid or Distance.Manhattan ? e.Score : -e.Score)
                .Take(10).ToList();
            Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Id.Number));
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.True(Math.Abs(expected[i].Score - hits[i].Score) < 1e-5,
                    $"{distance}: score {hits[i].Score} of point {hits[i].Id} differs from the reference {expected[i].Score}.");
            }
        }
    }

    [ContractFact]
    public async Task Offset_pages_through_the_ranking_without_gaps()
    {
        var name = await NewCollectionAsync(Distance.Cosine, ReferenceDimension);
        var random = new Random(7);
        await Store.UpsertAsync(name, [.. Enumerable.Range(1, 40).Select(i => new VectorPoint((ulong)i, RandomVector(random, ReferenceDimension)))]);
        var query = new VectorQuery(RandomVector(random, ReferenceDimension)) { Exact = true };

        var all = await Store.QueryAsync(name, query with { Limit = 30 });
        var pages = new List<ScoredPoint>();
        for (var offset = 0; offset < 30; offset += 7)
        {
            pages.AddRange(await Store.QueryAsync(name, query with { Limit = Math.Min(7, 30 - offset), Offset = offset }));
        }

        Assert.Equal(all.Select(h => h.Id), pages.Select(h => h.Id));
    }

    [ContractFact]
    public async Task Score_threshold_keeps_only_better_scores()
    {
        var similar = await NewCollectionAsync(Distance.Cosine, 2);
        var distant = await NewCollectionAsync(Distance.Euclid, 2);
        VectorPoint[] points = [new(1UL, [1, 0]), new(2UL, [1, 1]), new(3UL, [0, 1]), new(4UL, [-1, 0])];
        await Store.UpsertAsync(similar, points);
        await Store.UpsertAsync(distant, points);

        var byCosine = await Store.QueryAsync(similar, new VectorQuery([1, 0]) { ScoreThreshold = 0.5f });
        var byEuclid = await Store.QueryAsync(distant, new VectorQuery([1, 0]) { ScoreThreshold = 1.2f });

        Assert.Equal([1UL, 2UL], byCosine.Select(h => h.Id.Number));
        Assert.Equal([1UL, 2UL], byEuclid.Select(h => h.Id.Number));
        Assert.Equal(0f, byEuclid[0].Score, 1e-5f);
    }

    [ContractFact]
    public async Task Payload_and_vector_come_back_only_when_asked()
    {
        var name = await NewCollectionAsync(Distance.Dot, 3);
        await Store.UpsertAsync(name, [new VectorPoint(5UL, [0.5f, -1, 2], Json("""{"title":"five","n":5}"""))]);

        var bare = (await Store.QueryAsync(name, new VectorQuery([1, 1, 1]) { WithPayload = false }))[0];
        var full = (await Store.QueryAsync(name, new VectorQuery([1, 1, 1]) { WithVector = true }))[0];

        Assert.Null(bare.Payload);
        Assert.Null(bare.Vector);
        Assert.Equal("five", (string?)full.Payload!["title"]);
        Assert.Equal([0.5f, -1, 2], full.Vector!);
        Assert.Equal(1.5f, full.Score, 1e-5f);
    }

    [ContractFact]
    public async Task Cosine_vectors_are_stored_normalized()
    {
        var name = await NewCollectionAsync(Distance.Cosine, 2);
        await Store.UpsertAsync(name, [new VectorPoint(1UL, [3, 4])]);

        var point = (await Store.GetPointsAsync(name, [1UL], withVector: true))[0];

        Assert.Equal(0.6f, point.Vector![0], 1e-5f);
        Assert.Equal(0.8f, point.Vector[1], 1e-5f);
    }

    [ContractFact]
    public async Task Concurrent_upserts_and_queries_all_succeed()
    {
        var name = await NewCollectionAsync(Distance.Cosine, ReferenceDimension);
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            for (var batch = 0; batch < 5; batch++)
            {
                var points = Enumerable.Range(0, 10)
                    .Select(i => new VectorPoint((ulong)((w * 1000) + (batch * 10) + i + 1), RandomVector(random, ReferenceDimension), Json($$"""{"writer":{{w}}}""")));
                await Store.UpsertAsync(name, [.. points]);
            }
        }));
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            var random = new Random(100 + r);
            for (var q = 0; q < 20; q++)
            {
                var hits = await Store.QueryAsync(name, new VectorQuery(RandomVector(random, ReferenceDimension)) { Limit = 5 });
                Assert.True(hits.Count <= 5);
                Assert.Equal(hits.OrderByDescending(h => h.Score).Select(h => h.Id), hits.Select(h => h.Id));
            }
        }));

        await Task.WhenAll(writers.Concat(readers));

        Assert.Equal(200, await Store.CountAsync(name));
    }

    protected static float[] RandomVector(Random random, int dimension) =>
        [.. Enumerable.Range(0, dimension).Select(_ => (float)((random.NextDouble() * 2) - 1))];

    private static double ReferenceScore(Distance distance, float[] a, float[] b)
    {
        double dot = 0, normA = 0, normB = 0, squares = 0, absolute = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * (double)b[i];
            normA += a[i] * (double)a[i];
            normB += b[i] * (double)b[i];
            squares += (a[i] - (double)b[i]) * (a[i] - (double)b[i]);
            absolute += Math.Abs(a[i] - (double)b[i]);
        }

        return distance switch
        {
            Distance.Cosine => dot / Math.Sqrt(normA * normB),
            Distance.Dot => dot,
            Distance.Euclid => Math.Sqrt(squares),
            _ => absolute,
        };
    }
}
