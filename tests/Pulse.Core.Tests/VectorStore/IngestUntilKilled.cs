using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Embedded;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>
/// The helper process of the durability test: upserts batches into an embedded store forever and prints the
/// last id of each acknowledged batch, until it is killed.
/// </summary>
internal static class IngestUntilKilled
{
    public const string Verb = "ingest-until-killed";
    public const int BatchSize = 50;
    public const int Dimension = 16;

    public static async Task<int> RunAsync(string folder, string collection)
    {
        var store = new EmbeddedVectorStore(folder);
        for (ulong next = 1; ; next += BatchSize)
        {
            var batch = Enumerable.Range(0, BatchSize).Select(i => Point(next + (ulong)i)).ToList();
            await store.UpsertAsync(collection, batch);
            Console.Out.WriteLine($"acked {next + BatchSize - 1}");
            await Console.Out.FlushAsync();
        }
    }

    /// <summary>Deterministic content, so the test can check what survived and not only how much.</summary>
    public static VectorPoint Point(ulong id) => new(
        id,
        [.. Enumerable.Range(0, Dimension).Select(d => (float)Math.Sin(id + (ulong)d))],
        new System.Text.Json.Nodes.JsonObject { ["id"] = id, ["text"] = $"point {id}" });
}
