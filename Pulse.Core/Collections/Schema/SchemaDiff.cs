using Pulse.Core.VectorStore;

namespace Pulse.Core.Collections.Schema;

/// <summary>Compares one declaration with a live collection's info.</summary>
internal static class SchemaDiff
{
    public static (SchemaChangeKind Kind, List<string> Details) Compare(CollectionSchemaEntry entry, CollectionInfo? live)
    {
        var wanted = entry.Definition;
        if (live is null)
        {
            var indexes = entry.PayloadIndexes.Count == 0 ? "no payload indexes" : $"indexes on {string.Join(", ", entry.PayloadIndexes.Keys)}";
            return (SchemaChangeKind.Create, [$"Create: {wanted.VectorSize} dimensions, {wanted.Distance}, HNSW m={Show(wanted.Hnsw?.M)} ef_construct={Show(wanted.Hnsw?.EfConstruct)}, {indexes}."]);
        }

        var rebuild = new List<string>();
        var have = live.Config;
        if (have.VectorSize != wanted.VectorSize)
        {
            rebuild.Add($"Vector size {have.VectorSize} → {wanted.VectorSize} needs a rebuild (vectors must be re-embedded).");
        }

        if (have.Distance != wanted.Distance)
        {
            rebuild.Add($"Distance {have.Distance} → {wanted.Distance} needs a rebuild.");
        }

        Hnsw(rebuild, "m", have.Hnsw?.M, wanted.Hnsw?.M);
        Hnsw(rebuild, "ef_construct", have.Hnsw?.EfConstruct, wanted.Hnsw?.EfConstruct);
        Hnsw(rebuild, "full_scan_threshold", have.Hnsw?.FullScanThreshold, wanted.Hnsw?.FullScanThreshold);

        var inPlace = new List<string>();
        foreach (var (field, type) in entry.PayloadIndexes)
        {
            if (!live.PayloadSchema.TryGetValue(field, out var current))
            {
                inPlace.Add($"Create payload index {field} ({type.ToString().ToLowerInvariant()}).");
            }
            else if (current != type)
            {
                inPlace.Add($"Change payload index {field}: {current.ToString().ToLowerInvariant()} → {type.ToString().ToLowerInvariant()} (dropped and re-created).");
            }
        }

        var extra = live.PayloadSchema.Keys.Where(k => !entry.PayloadIndexes.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var notes = extra.Count == 0 ? [] : new List<string> { $"Kept: payload indexes not in the schema ({string.Join(", ", extra)}) are left as they are." };
        if (rebuild.Count > 0)
        {
            return (SchemaChangeKind.Rebuild, [.. rebuild, .. inPlace, .. notes]);
        }

        return inPlace.Count > 0 ? (SchemaChangeKind.InPlace, [.. inPlace, .. notes]) : (SchemaChangeKind.Unchanged, ["Matches the schema.", .. notes]);
    }

    // Only declared values are compared: an undeclared parameter means "the store's default", whatever it is.
    private static void Hnsw(List<string> rebuild, string name, int? have, int? wanted)
    {
        if (wanted is { } w && have != w)
        {
            rebuild.Add($"HNSW {name} {Show(have)} → {w} needs a rebuild (this store fixes index parameters at creation).");
        }
    }

    private static string Show(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default";
}
