using System.Text.Json.Nodes;
using Pulse.Core.VectorStore;
using Pulse.Core.VectorStore.Filters;

namespace Pulse.Core.Tests.VectorStore;

/// <summary>The facet tests' data and their reference count.</summary>
internal static class FacetData
{
    /// <summary>Enough points that a sample of the first 2,000 would miss the rare value and get the counts wrong.</summary>
    public const int Points = 5_200;

    /// <summary>The one point carrying the rare color, well past the first 2,000 in id order.</summary>
    public const int RarePoint = 4_321;

    /// <summary>
    /// <see cref="Points"/> points: color red/green/blue by id (none every 97th point, "rare" on <see cref="RarePoint"/>),
    /// tags ["x","x","y"] every 5th point else ["y"], n = id % 4, flag = even id.
    /// </summary>
    public static async Task<List<JsonObject>> SeedAsync(IVectorStore store, string name)
    {
        string[] colors = ["red", "green", "blue"];
        var payloads = new List<JsonObject>(Points);
        for (var i = 1; i <= Points; i++)
        {
            var payload = new JsonObject
            {
                ["tags"] = i % 5 == 0 ? new JsonArray("x", "x", "y") : new JsonArray("y"),
                ["n"] = i % 4,
                ["flag"] = i % 2 == 0,
            };
            if (i % 97 != 0)
            {
                payload["color"] = i == RarePoint ? "rare" : colors[i % 3];
            }

            payloads.Add(payload);
        }

        foreach (var batch in payloads.Select((p, i) => new VectorPoint((ulong)(i + 1), [1, i % 7], (JsonObject)p.DeepClone())).Chunk(1_000))
        {
            await store.UpsertAsync(name, batch);
        }

        return payloads;
    }

    /// <summary>The facet counted by hand: each point once per distinct value of <paramref name="kind"/>, most points first, then by value.</summary>
    public static List<(FilterValue Value, long Count)> BruteForce(IEnumerable<JsonObject> payloads, string key, FilterValueKind? kind)
    {
        var counts = new Dictionary<FilterValue, long>();
        foreach (var built in payloads)
        {
            // Read back as parsed JSON, as a store holds it (a built JsonValue<int> does not convert to long).
            var payload = JsonNode.Parse(built.ToJsonString())!.AsObject();
            var node = payload[key];
            var values = node is JsonArray array ? array.ToList() : [node];
            var seen = new HashSet<FilterValue>();
            foreach (var value in values.OfType<JsonValue>())
            {
                FilterValue? v = value.GetValueKind() switch
                {
                    System.Text.Json.JsonValueKind.String => FilterValue.Keyword(value.GetValue<string>()),
                    System.Text.Json.JsonValueKind.Number when value.TryGetValue<long>(out var n) => FilterValue.Int(n),
                    System.Text.Json.JsonValueKind.True => FilterValue.Bool(true),
                    System.Text.Json.JsonValueKind.False => FilterValue.Bool(false),
                    _ => (FilterValue?)null,
                };
                if (v is { } found && (kind is null || found.Kind == kind) && seen.Add(found))
                {
                    counts[found] = counts.GetValueOrDefault(found) + 1;
                }
            }
        }

        return [.. counts.Select(c => (c.Key, c.Value)).Order(Comparer<(FilterValue Value, long Count)>.Create((a, b) =>
            FacetHit.Compare(new FacetHit(a.Value, a.Count), new FacetHit(b.Value, b.Count))))];
    }
}
