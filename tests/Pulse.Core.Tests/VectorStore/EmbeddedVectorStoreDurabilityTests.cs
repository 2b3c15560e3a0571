using System.Diagnostics;
using System.Reflection;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Embedded;
using Pulse.Testing;

namespace Pulse.Core.Tests.VectorStore;

public sealed class EmbeddedVectorStoreDurabilityTests
{
    [Fact]
    public async Task Every_acknowledged_upsert_survives_a_killed_process()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pulse-durability-" + Guid.NewGuid().ToString("N"));
        const string collection = "durability";
        try
        {
            using (var setup = new EmbeddedVectorStore(folder))
            {
                await setup.CreateCollectionAsync(collection, new CollectionDefinition(IngestUntilKilled.Dimension, Distance.Euclid));
                await setup.CreatePayloadIndexAsync(collection, "text", PayloadFieldType.Keyword);
            }

            var acknowledged = await IngestThenKillAsync(folder, collection, minimumAcknowledged: 1_000, deadline: TimeSpan.FromSeconds(15));

            using var reopened = new EmbeddedVectorStore(folder);
            var count = await reopened.CountAsync(collection);
            Assert.True(count >= (long)acknowledged, $"{acknowledged} points were acknowledged but only {count} survived.");
            var ids = Enumerable.Range(1, (int)acknowledged).Select(i => PointId.FromNumber((ulong)i)).ToList();
            var survivors = await reopened.GetPointsAsync(collection, ids, withVector: true);
            Assert.Equal(ids, survivors.Select(p => p.Id));
            foreach (var point in survivors.Where(p => p.Id.Number % 97 == 1))
            {
                var expected = IngestUntilKilled.Point(point.Id.Number);
                Assert.Equal(expected.Vector, point.Vector!);
                Assert.Equal(expected.Payload!.ToJsonString(), point.Payload!.ToJsonString());
            }

            Assert.Equal(1, await reopened.CountAsync(collection, Pulse.Core.VectorStore.Filters.Filter.All(
                Pulse.Core.VectorStore.Filters.Condition.Match("text", $"point {acknowledged}"))));
        }
        finally
        {
            TestFolders.TryDelete(folder);
        }
    }

    /// <summary>Runs the helper until it has acknowledged enough points, kills it without warning, returns the last acknowledged id.</summary>
    private static async Task<ulong> IngestThenKillAsync(string folder, string collection, ulong minimumAcknowledged, TimeSpan deadline)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Assembly.GetExecutingAssembly().Location, IngestUntilKilled.Verb, folder, collection })
        {
            start.ArgumentList.Add(arg);
        }

        using var helper = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(deadline);
        ulong acknowledged = 0;
        try
        {
            while (acknowledged < minimumAcknowledged && await helper.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                acknowledged = ulong.Parse(line["acked ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        finally
        {
            helper.Kill(entireProcessTree: true);
            await helper.WaitForExitAsync(CancellationToken.None);
        }

        Assert.True(acknowledged >= minimumAcknowledged,
            $"The helper acknowledged only {acknowledged} points before the deadline. stderr: {await helper.StandardError.ReadToEndAsync()}");
        return acknowledged;
    }
}
