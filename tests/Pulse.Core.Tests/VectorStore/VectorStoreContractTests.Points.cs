using System.Text.Json.Nodes;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;
using static Pulse.Core.VectorStore.Filters.Condition;

namespace Pulse.Core.Tests.VectorStore;

public abstract partial class VectorStoreContractTests
{
    [ContractFact]
    public async Task Integer_and_uuid_ids_are_stored_and_read_back()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        var uuid = Guid.NewGuid();
        await Store.UpsertAsync(name, [new VectorPoint(7UL, [1, 0]), new VectorPoint(uuid, [0, 1], Json("""{"k":"u"}"""))]);

        var points = await Store.GetPointsAsync(name, [uuid, 7UL, 8UL]);

        Assert.Equal([PointId.FromNumber(7), PointId.FromUuid(uuid)], points.Select(p => p.Id).Order());
        Assert.Equal("u", (string?)points.Single(p => p.Id.IsUuid).Payload!["k"]);
    }

    [ContractFact]
    public async Task Upsert_replaces_a_point_with_the_same_id()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        await Store.UpsertAsync(name, [new VectorPoint(1UL, [1, 0], Json("""{"v":1}"""))]);

        await Store.UpsertAsync(name, [new VectorPoint(1UL, [0, 2], Json("""{"v":2}"""))]);

        Assert.Equal(1, await Store.CountAsync(name));
        var point = (await Store.GetPointsAsync(name, [1UL], withVector: true))[0];
        Assert.Equal(2, (int)point.Payload!["v"]!);
        Assert.Equal([0f, 2f], point.Vector!);
    }

    [ContractFact]
    public async Task Scroll_pages_neither_repeat_nor_skip_points()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        var ids = Enumerable.Range(0, 53).Select(i => (ulong)((i * 37 % 101) + 1)).ToList();
        await Store.UpsertAsync(name, [.. ids.Select(id => new VectorPoint(id, [1, id], Json($$"""{"odd":{{(id % 2 == 1 ? "true" : "false")}}}""")))]);

        var all = await ScrollAllAsync(name, null, pageSize: 8);
        var odd = await ScrollAllAsync(name, Where(Match("odd", true)), pageSize: 5);

        Assert.Equal(ids.Order(), all);
        Assert.Equal(ids.Where(id => id % 2 == 1).Order(), odd);
        Assert.Equal(ids.Count, await Store.CountAsync(name));
        Assert.Equal(odd.Count, await Store.CountAsync(name, Where(Match("odd", true))));
    }

    [ContractFact]
    public async Task Delete_by_ids_and_by_filter_removes_exactly_those_points()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        await Store.UpsertAsync(name, [.. Enumerable.Range(1, 10).Select(i => new VectorPoint((ulong)i, [1, i], Json($$"""{"n":{{i}}}""")))]);

        await Store.DeletePointsAsync(name, PointSelector.Ids(1UL, 2UL, 99UL));
        await Store.DeletePointsAsync(name, PointSelector.Where(Where(Range("n", gte: 8))));

        Assert.Equal([3UL, 4UL, 5UL, 6UL, 7UL], await ScrollAllAsync(name, null, pageSize: 100));
        var hits = await Store.QueryAsync(name, new VectorQuery([0, 1]) { Limit = 3 });
        Assert.Equal([7UL, 6UL, 5UL], hits.Select(h => h.Id.Number));
    }

    [ContractFact]
    public async Task Payload_set_overwrite_and_delete_change_only_the_selected_points()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        await Store.UpsertAsync(name, [.. Enumerable.Range(1, 4).Select(i => new VectorPoint((ulong)i, [1, 0], Json($$"""{"n":{{i}},"keep":"k"}""")))]);

        await Store.SetPayloadAsync(name, Json("""{"color":"red","n":10}"""), PointSelector.Ids(1UL));
        await Store.SetPayloadAsync(name, Json("""{"color":"blue"}"""), PointSelector.Where(Where(Range("n", gte: 3, lte: 4))));
        await Store.OverwritePayloadAsync(name, Json("""{"only":true}"""), PointSelector.Ids(2UL));
        await Store.DeletePayloadKeysAsync(name, ["keep"], PointSelector.Ids(3UL));

        var points = (await Store.GetPointsAsync(name, [1UL, 2UL, 3UL, 4UL])).ToDictionary(p => p.Id.Number, p => p.Payload!);
        // Compared as JSON values: a store may return an object's keys in another order.
        AssertJsonEqual("""{"n":10,"keep":"k","color":"red"}""", points[1]);
        AssertJsonEqual("""{"only":true}""", points[2]);
        AssertJsonEqual("""{"n":3,"color":"blue"}""", points[3]);
        AssertJsonEqual("""{"n":4,"keep":"k","color":"blue"}""", points[4]);
        Assert.Equal([2UL], await ScrollAllAsync(name, Where(IsEmpty("n")), pageSize: 10));
    }

    [ContractFact]
    public async Task Setting_the_payload_of_a_point_that_does_not_exist_is_not_found_and_creates_no_point()
    {
        var name = await NewCollectionAsync(Distance.Dot, 2);
        await Store.UpsertAsync(name, [new VectorPoint(1UL, [1, 0], Json("""{"n":1}"""))]);

        var set = await Assert.ThrowsAsync<VectorStoreException>(() => Store.SetPayloadAsync(name, Json("""{"n":2}"""), PointSelector.Ids(99UL)));
        var overwrite = await Assert.ThrowsAsync<VectorStoreException>(() => Store.OverwritePayloadAsync(name, Json("""{"n":2}"""), PointSelector.Ids(99UL)));

        Assert.Equal(VectorStoreErrorKind.NotFound, set.Kind);
        Assert.Equal(VectorStoreErrorKind.NotFound, overwrite.Kind);
        Assert.Contains("99", set.Message, StringComparison.Ordinal);
        Assert.Equal(1, await Store.CountAsync(name, null));
        AssertJsonEqual("""{"n":1}""", (await Store.GetPointsAsync(name, [1UL])).Single().Payload!);
    }

    private static void AssertJsonEqual(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual.ToJsonString()}");

    [ContractFact]
    public async Task Snapshot_restore_brings_back_the_state_at_snapshot_time()
    {
        var name = await NewCollectionAsync(Distance.Cosine, 3);
        await Store.CreatePayloadIndexAsync(name, "group", PayloadFieldType.Keyword);
        await Store.UpsertAsync(name, [.. Enumerable.Range(1, 20).Select(i => new VectorPoint((ulong)i, [1, i, 2], Json($$"""{"group":"g{{i % 3}}"}""")))]);
        var snapshot = await Store.CreateSnapshotAsync(name);
        Assert.Contains(await Store.ListSnapshotsAsync(name), s => s.Name == snapshot.Name);

        await Store.DeletePointsAsync(name, PointSelector.Ids(1UL, 2UL, 3UL));
        await Store.UpsertAsync(name, [new VectorPoint(100UL, [0, 0, 1])]);
        await Store.RestoreSnapshotAsync(name, snapshot.Name);

        Assert.Equal([.. Enumerable.Range(1, 20).Select(i => (ulong)i)], await ScrollAllAsync(name, null, pageSize: 50));
        Assert.Equal(7, await Store.CountAsync(name, Where(Match("group", "g1"))));
        Assert.Equal(PayloadFieldType.Keyword, (await Store.GetCollectionInfoAsync(name)).PayloadSchema["group"]);

        Assert.True(await Store.DeleteSnapshotAsync(name, snapshot.Name));
        Assert.DoesNotContain(await Store.ListSnapshotsAsync(name), s => s.Name == snapshot.Name);
    }

    [ContractFact]
    public async Task A_snapshot_opens_as_a_stream_of_the_file_it_describes()
    {
        var name = await NewCollectionAsync(Distance.Cosine, 3);
        await Store.UpsertAsync(name, [.. Enumerable.Range(1, 5).Select(i => new VectorPoint((ulong)i, [1, i, 2]))]);
        var snapshot = await Store.CreateSnapshotAsync(name);

        await using (var stream = await Store.OpenSnapshotAsync(name, snapshot.Name))
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(snapshot.SizeBytes, copy.Length);
            if (snapshot.Checksum is { } checksum)
            {
                Assert.Equal(checksum, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(copy.ToArray())));
            }
        }

        var missing = await Assert.ThrowsAsync<VectorStoreException>(() => Store.OpenSnapshotAsync(name, "no-such.snapshot"));
        Assert.Equal(VectorStoreErrorKind.NotFound, missing.Kind);
        Assert.True(await Store.DeleteSnapshotAsync(name, snapshot.Name));
    }

    private async Task<List<ulong>> ScrollAllAsync(string name, Filter? filter, int pageSize)
    {
        var ids = new List<ulong>();
        PointId? cursor = null;
        do
        {
            var page = await Store.ScrollAsync(name, new ScrollRequest { Filter = filter, Limit = pageSize, Offset = cursor, WithPayload = false });
            Assert.True(page.Points.Count <= pageSize);
            ids.AddRange(page.Points.Select(p => p.Id.Number));
            cursor = page.NextOffset;
        }
        while (cursor is not null);

        Assert.Equal(ids.Distinct().Count(), ids.Count);
        return ids;
    }
}
